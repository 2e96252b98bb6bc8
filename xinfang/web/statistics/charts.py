"""Charts of the statistics as inline SVG, drawn by pygal on the server.

The pages' Content-Security-Policy allows styles and scripts from the site only
(``style-src 'self'``, ``script-src 'self'``): pygal's ``<style>`` and ``<script>`` inside an
SVG would be refused. So each chart is drawn without JavaScript, its ``<style>``, comments,
``style`` attributes and tooltip layer removed, and the stylesheet pygal would have embedded
is served from the site (``chart_css``, ``/statistics/charts.css``) with the chart's id
selector replaced by the class ``xf-chart``. Values show as text on the bars (printable) and
in each bar's ``<title>`` (a browser's own tooltip); each bar links to its matters.
"""

from __future__ import annotations

import functools
import math
import re
import xml.etree.ElementTree as ET
from collections.abc import Sequence

import pygal
from pygal.style import Style

from xinfang.statistics.figures import Figure

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
ET.register_namespace("", SVG_NS)
ET.register_namespace("xlink", XLINK_NS)

#: Chinese first, then what a Windows, macOS or Linux office machine has; no web fonts.
FONTS = (
    '"Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Zen Hei", "Microsoft YaHei", '
    '"PingFang SC", "SimHei", sans-serif'
)
#: Dark, distinct colours that stay apart in greyscale print.
COLOURS = (
    "#1f4e79", "#c0504d", "#4f6228", "#7f6000", "#5f497a", "#31859c",
    "#984807", "#404040", "#7030a0", "#00703c", "#833c0b", "#254061",
)  # fmt: skip
PRINT_STYLE = Style(
    background="#ffffff",
    plot_background="#ffffff",
    foreground="#222222",
    foreground_strong="#000000",
    foreground_subtle="#777777",
    opacity=".9",
    opacity_hover="1",
    transition="0ms",
    colors=COLOURS,
    font_family=FONTS,
    label_font_family=FONTS,
    major_label_font_family=FONTS,
    value_font_family=FONTS,
    value_label_font_family=FONTS,
    title_font_family=FONTS,
    legend_font_family=FONTS,
    tooltip_font_family=FONTS,
    no_data_font_family=FONTS,
    value_font_size=14,
    label_font_size=14,
    major_label_font_size=14,
    title_font_size=16,
    legend_font_size=14,
    no_data_font_size=20,
)
CHART_CLASS = "xf-chart"


def _config(title: str, **extra: object) -> dict[str, object]:
    return {
        "title": title,
        "style": PRINT_STYLE,
        "js": [],
        "disable_xml_declaration": True,
        "print_values": True,
        "show_legend": False,
        "width": 600,
        "height": 320,
        "margin": 12,
        "truncate_label": -1,
        "no_data_text": "0",
        **extra,
    }


def _clean(svg: str, *, label: str) -> str:
    """The chart without what the CSP refuses, with a title a screen reader reads, a
    ``<title>`` on each value and the site's class instead of pygal's random id."""
    root = ET.fromstring(svg)  # noqa: S314  # pygal's own output, not a user's file
    for parent in list(root.iter()):
        for child in list(parent):
            tag = child.tag if isinstance(child.tag, str) else ""
            if (
                not isinstance(child.tag, str)  # comments
                or tag.endswith("}style")
                or tag.endswith("}script")
                or "tooltip-overlay" in child.get("class", "")
            ):
                parent.remove(child)
    for element in root.iter():
        element.attrib.pop("style", None)
        if element.get("id", "").startswith("activate-serie"):
            del element.attrib["id"]
        descs = {d.get("class"): d.text for d in element.findall(f"{{{SVG_NS}}}desc")}
        if "value" in descs:
            title = ET.SubElement(element, f"{{{SVG_NS}}}title")
            title.text = f"{descs.get('x_label') or ''} {descs['value']}".strip()
    root.attrib.pop("id", None)
    root.set("class", f"{CHART_CLASS} {root.get('class', '')}".strip())
    root.set("role", "img")
    root.set("aria-label", label)
    # The prefixes are ElementTree's process-wide table: another library may have claimed the
    # default one since this module was imported (then every tag would read ``ns0:svg``).
    ET.register_namespace("", SVG_NS)
    ET.register_namespace("xlink", XLINK_NS)
    return ET.tostring(root, encoding="unicode")


def _integer_ticks(figures: Sequence[Figure]) -> list[int]:
    """Whole-number ticks of the value axis (counts have no fractions)."""
    top = max([f.count for f in figures] + [1])
    step = max(1, math.ceil(top / 6))
    return list(range(0, top + step, step))


def bar_chart(
    title: str,
    figures: Sequence[Figure],
    *,
    horizontal: bool = False,
    ticks: Sequence[int] | None = None,
) -> str:
    """A bar a figure, labelled, linked to its matters (horizontal: the first on top)."""
    kind = pygal.HorizontalBar if horizontal else pygal.Bar
    if horizontal:
        figures = list(reversed(figures))
    height = max(200, 70 + 32 * len(figures)) if horizontal else 320
    chart = kind(
        **_config(title, height=height, x_label_rotation=0 if horizontal else 30),
        y_labels=list(ticks) if ticks is not None else _integer_ticks(figures),
    )
    chart.x_labels = [f.label for f in figures]
    chart.add(
        title,
        [{"value": f.count, "xlink": {"href": f.url, "target": "_self"}} for f in figures],
    )
    return _clean(chart.render(is_unicode=True), label=title)


def line_chart(title: str, figures: Sequence[Figure]) -> str:
    """A line through the figures in order (months), each point linked to its matters."""
    chart = pygal.Line(
        **_config(title, x_label_rotation=30, dots_size=4, fill=False),
        y_labels=_integer_ticks(figures),
    )
    chart.x_labels = [f.label for f in figures]
    chart.add(
        title,
        [{"value": f.count, "xlink": {"href": f.url, "target": "_self"}} for f in figures],
    )
    return _clean(chart.render(is_unicode=True), label=title)


@functools.lru_cache(maxsize=1)
def chart_css() -> str:
    """The stylesheet pygal embeds in its charts, for every colour, under ``.xf-chart``."""
    chart = pygal.Bar(**_config("css"))
    for index in range(len(COLOURS)):
        chart.add(str(index), [1])
    svg = chart.render(is_unicode=True)
    root = ET.fromstring(svg)  # noqa: S314  # pygal's own output
    chart_id = root.get("id", "")
    css = "\n".join(
        element.text or "" for element in root.iter() if str(element.tag).endswith("}style")
    )
    css = css.replace(f"#{chart_id}", f".{CHART_CLASS}")
    # No transitions or hover effects in print; font fallbacks as above.
    css = re.sub(
        r"-webkit-transition:[^;}]*;?|-moz-transition:[^;}]*;?|transition:[^;}]*;?", "", css
    )
    return css + (
        f"\n.{CHART_CLASS}{{max-width:100%;height:auto;display:block}}"
        f"\n@media print{{.{CHART_CLASS}{{break-inside:avoid;page-break-inside:avoid}}}}\n"
    )
