"""Petition matters (信访事项): intake, routing, the statutory procedure, clocks and repeats.

Models live in ``models`` (registered through ``xinfang.petitions.models``); writes in
``services``, reads in ``selectors``, organ suggestions in ``routing``, repeat detection in
``repeats``, files in ``attachments``. The law itself is in ``xinfang.rules``.
"""
