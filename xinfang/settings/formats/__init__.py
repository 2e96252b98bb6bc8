"""Dates as each language writes them (``FORMAT_MODULE_PATH``; docs/pages.md).

Templates say ``{{ day|date }}`` or ``{{ moment|date:"DATETIME_FORMAT" }}`` and never spell a
format: Chinese pages write a date the way official documents do, in Arabic numerals with
年月日 (党政机关公文格式 GB/T 9704-2012, 7.3.5.4: ``2026年12月7日``); English pages write
``7 Dec 2026``, which no reader takes for the 12th of July. Input formats stay Django's.
"""
