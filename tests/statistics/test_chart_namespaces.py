"""A chart is plain ``<svg>`` whatever other libraries did to ElementTree's global prefixes
(WeasyPrint and openpyxl register their own while they write a PDF or a workbook)."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from xinfang.statistics.figures import Figure
from xinfang.web.statistics.charts import SVG_NS, bar_chart


def test_a_chart_keeps_its_plain_svg_tags_after_another_library_took_the_default_prefix() -> None:
    ET.register_namespace("", "http://www.w3.org/1999/02/22-rdf-syntax-ns#")
    try:
        svg = bar_chart("信访量", [Figure(key="letter", label="来信", count=3, params={})])
    finally:
        ET.register_namespace("", SVG_NS)
    assert svg.startswith("<svg ") and "ns0:" not in svg
    assert 'class="xf-chart' in svg
