"""Just enough PDF reading to prove what a WeasyPrint document shows, without pypdf.

WeasyPrint writes each font as a Type0 font with a ``/ToUnicode`` CMap and draws text with
``[<hex glyph ids>] TJ`` under ``/<font> size Tf``. Reading the objects (plain and inside
``/ObjStm`` object streams), the CMaps and the page content streams gives the text of each
font: enough to check that every CJK character was drawn with the WenQuanYi font (no tofu,
no fallback font) and that the document says what it must.
"""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass, field

_OBJ = re.compile(rb"(\d+) 0 obj\s*(.*?)endobj", re.S)
_STREAM = re.compile(rb"^(.*?)stream\r?\n(.*)\r?\nendstream\s*$", re.S)


@dataclass
class PdfText:
    """Text drawn per font (by the font's BaseFont name) and the font names embedded."""

    by_font: dict[str, str] = field(default_factory=dict)
    font_names: set[str] = field(default_factory=set)

    @property
    def text(self) -> str:
        return "".join(self.by_font.values())


def _objects(pdf: bytes) -> dict[int, tuple[bytes, bytes | None]]:
    """Object number → (dictionary text, decoded stream or None), object streams unpacked."""
    objects: dict[int, tuple[bytes, bytes | None]] = {}
    for match in _OBJ.finditer(pdf):
        number, body = int(match.group(1)), match.group(2)
        stream = _STREAM.match(body)
        if stream is None:
            objects[number] = (body, None)
            continue
        head, data = stream.group(1), stream.group(2)
        if b"/FlateDecode" in head:
            data = zlib.decompress(data)
        objects[number] = (head, data)
    for head, data in list(objects.values()):
        if data is None or b"/ObjStm" not in head:
            continue
        first = int(re.search(rb"/First (\d+)", head).group(1))  # type: ignore[union-attr]
        pairs = [int(x) for x in data[:first].split()]
        offsets = list(zip(pairs[::2], pairs[1::2], strict=True))
        for i, (number, offset) in enumerate(offsets):
            end = offsets[i + 1][1] if i + 1 < len(offsets) else len(data) - first
            objects[number] = (data[first + offset : first + end], None)
    return objects


def _cmap(data: bytes) -> dict[int, str]:
    mapping: dict[int, str] = {}
    for block in re.findall(rb"beginbfchar(.*?)endbfchar", data, re.S):
        for src, dst in re.findall(rb"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>", block):
            mapping[int(src, 16)] = bytes.fromhex(dst.decode()).decode("utf-16-be")
    for block in re.findall(rb"beginbfrange(.*?)endbfrange", data, re.S):
        for lo, hi, dst in re.findall(
            rb"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>", block
        ):
            start = int(dst, 16)
            for i, code in enumerate(range(int(lo, 16), int(hi, 16) + 1)):
                mapping[code] = chr(start + i)
    return mapping


def read_pdf(pdf: bytes) -> PdfText:
    """The text of every page, per font."""
    objects = _objects(pdf)
    fonts: dict[bytes, tuple[str, dict[int, str]]] = {}
    for head, _data in list(objects.values()):
        for name, number in re.findall(rb"/([A-Za-z0-9_+-]+) (\d+) 0 R", head):
            target = objects.get(int(number))
            if target is None or b"/Type /Font" not in target[0] or b"/ToUnicode" not in target[0]:
                continue
            base = re.search(rb"/BaseFont\s*/([^\s/<>\[\]]+)", target[0])
            cmap_ref = re.search(rb"/ToUnicode (\d+) 0 R", target[0])
            cmap_obj = objects.get(int(cmap_ref.group(1))) if cmap_ref else None
            mapping = _cmap(cmap_obj[1] or b"") if cmap_obj else {}
            fonts[name] = (base.group(1).decode() if base else "?", mapping)
    result = PdfText()
    result.font_names = {
        m.decode()
        for head, _ in objects.values()
        for m in re.findall(rb"/FontName\s*/([^\s/<>\[\]]+)", head)
    }
    for _head, data in objects.values():
        if data is None or b" Tf" not in data:
            continue
        current: tuple[str, dict[int, str]] = ("?", {})
        for token in re.finditer(rb"/([A-Za-z0-9_+-]+) [\d.]+ Tf|\[(.*?)\]\s*TJ", data, re.S):
            if token.group(1) is not None:
                current = fonts.get(token.group(1), ("?", {}))
                continue
            base, mapping = current
            chars = []
            for hexrun in re.findall(rb"<([0-9a-fA-F]*)>", token.group(2)):
                for i in range(0, len(hexrun), 4):
                    chars.append(mapping.get(int(hexrun[i : i + 4], 16), "\ufffd"))
            result.by_font[base] = result.by_font.get(base, "") + "".join(chars)
    return result


def cjk(text: str) -> set[str]:
    """The CJK ideographs and punctuation in ``text``."""
    return {
        ch
        for ch in text
        if "\u4e00" <= ch <= "\u9fff" or "\u3000" <= ch <= "\u303f" or "\uff00" <= ch <= "\uffef"
    }
