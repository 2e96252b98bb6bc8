"""Pages of petition matters (issue 5): registration, routing, the queue, the steps, lookup.

Views are thin: a matter is always read through ``access_matter_by_id`` (out of scope or
excluded answers 404 and is logged), writes go to one service each, and a refusal is put back
on the form that caused it — with the rule's message and everything the user typed kept.

``register`` takes a matter in; ``queue`` is an organ's work queue; ``page`` is the matter page
and its steps (``steps``: the step table, ``offers``: which steps it offers and what their
forms offer), with ``attachments`` and ``extensions`` for the files and extension decisions;
``lookup`` is the petitioner's lookup by query code; ``forms`` holds the forms of them all.
"""
