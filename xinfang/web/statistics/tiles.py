"""The tile grid of Chongqing's 38 districts and counties (``xinfang.statistics.places``) as an
inline SVG: one square a district, shaded by its value in five classes, named, with its value,
linked to its matters. Colours are presentation attributes (``fill``), not CSS, so the page's
Content-Security-Policy lets them through; the darkest shades carry white text."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from xinfang.statistics.figures import Figure
from xinfang.statistics.places import DISTRICTS

from .charts import SVG_NS, XLINK_NS

#: Five classes, light to dark (ColorBrewer "Blues", readable in greyscale).
SHADES = ("#eff3ff", "#bdd7e7", "#6baed6", "#3182bd", "#08519c")
EMPTY = "#f5f5f5"
SIZE = 64
GAP = 4


@dataclass(frozen=True)
class Tile:
    """A district's square: its value (shown as ``text``), its link."""

    code: str
    label: str
    value: float
    text: str
    url: str | None


def shade(value: float, top: float) -> str:
    if value <= 0 or top <= 0:
        return EMPTY
    index = min(len(SHADES) - 1, int(value / top * len(SHADES) - 1e-9))
    return SHADES[index]


def tiles_from(
    figures: Sequence[Figure], *, value: Callable[[Figure], float], text: Callable[[Figure], str]
) -> list[Tile]:
    """A tile for each of the 38 districts, from the figures by district (0 where none)."""
    by_code = {f.key: f for f in figures}
    out = []
    for district in DISTRICTS:
        found = by_code.get(district.code)
        if found is None:
            out.append(Tile(district.code, district.label, 0, "0", None))
        else:
            url = found.url if found.exact else None
            out.append(Tile(district.code, district.label, value(found), text(found), url))
    return out


def _short(label: str) -> str:
    """A name that fits a square: 石柱土家族自治县 → 石柱县."""
    for suffix in ("土家族苗族自治县", "苗族土家族自治县", "土家族自治县"):
        if label.endswith(suffix):
            return label[: -len(suffix)] + "县"
    return label


def tile_grid(title: str, tiles: Sequence[Tile], *, legend: Callable[[float], str]) -> str:
    """The SVG of the grid, with a legend of the five classes (their upper bounds, written by
    ``legend``)."""
    places = {d.code: d for d in DISTRICTS}
    rows = max(d.row for d in DISTRICTS) + 1
    cols = max(d.col for d in DISTRICTS) + 1
    width = cols * (SIZE + GAP) + GAP
    height = rows * (SIZE + GAP) + GAP + 40
    top = max([t.value for t in tiles] + [0])
    root = ET.Element(
        f"{{{SVG_NS}}}svg",
        {
            "viewBox": f"0 0 {width} {height}",
            "class": "xf-tiles",
            "role": "img",
            "aria-label": title,
            "font-family": "sans-serif",
        },
    )
    ET.SubElement(root, f"{{{SVG_NS}}}title").text = title
    for tile in tiles:
        district = places[tile.code]
        x = GAP + district.col * (SIZE + GAP)
        y = GAP + district.row * (SIZE + GAP)
        parent = root
        if tile.url:
            parent = ET.SubElement(root, f"{{{SVG_NS}}}a", {f"{{{XLINK_NS}}}href": tile.url})
        group = ET.SubElement(parent, f"{{{SVG_NS}}}g", {"class": "tile", "data-region": tile.code})
        ET.SubElement(group, f"{{{SVG_NS}}}title").text = f"{tile.label} {tile.text}"
        fill = shade(tile.value, top)
        ink = "#ffffff" if fill in SHADES[3:] else "#111111"
        ET.SubElement(
            group,
            f"{{{SVG_NS}}}rect",
            {"x": str(x), "y": str(y), "width": str(SIZE), "height": str(SIZE),
             "fill": fill, "stroke": "#555555", "stroke-width": "1"},
        )  # fmt: skip
        for dy, text, size in ((26, _short(tile.label), "11"), (48, tile.text, "14")):
            ET.SubElement(
                group,
                f"{{{SVG_NS}}}text",
                {"x": str(x + SIZE // 2), "y": str(y + dy), "text-anchor": "middle",
                 "font-size": size, "fill": ink},
            ).text = text  # fmt: skip
    legend_y = rows * (SIZE + GAP) + GAP + 10
    for index, colour in enumerate(SHADES):
        x = GAP + index * 70
        ET.SubElement(
            root,
            f"{{{SVG_NS}}}rect",
            {"x": str(x), "y": str(legend_y), "width": "16", "height": "16",
             "fill": colour, "stroke": "#555555"},
        )  # fmt: skip
        ET.SubElement(
            root,
            f"{{{SVG_NS}}}text",
            {"x": str(x + 20), "y": str(legend_y + 13), "font-size": "11", "fill": "#111111"},
        ).text = "≤ " + legend(top * (index + 1) / len(SHADES))
    return ET.tostring(root, encoding="unicode")
