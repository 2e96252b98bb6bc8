"""Small files of each type an attachment may have, and the look-alikes that must be refused."""

from __future__ import annotations

import io
import zipfile

PDF = b"%PDF-1.7\n1 0 obj << >> endobj\ntrailer << >>\nstartxref\n0\n%%EOF\n"
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 32
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
TIFF_INTEL = b"II*\x00\x08\x00\x00\x00" + b"\x00" * 32
TIFF_MOTOROLA = b"MM\x00*\x00\x00\x00\x08" + b"\x00" * 32
# A compound file header (DOC, WPS): signature, then the byte-order mark at offset 28.
OLE2 = bytes.fromhex("d0cf11e0a1b11ae1") + b"\x00" * 20 + b"\xfe\xff" + b"\x00" * 482

HTML = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"
PDF_THEN_HTML = b"%PDF-1.4\n<html><script>alert(1)</script></html>\n%%EOF\n"
PDF_WITHOUT_END = b"%PDF-1.7\n1 0 obj << >> endobj\n"
TEXT = "信访材料：收费明细".encode()


def archive(*names: str) -> bytes:
    """A ZIP holding the named (tiny) entries."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zipped:
        for name in names:
            zipped.writestr(name, "<x/>")
    return buffer.getvalue()


DOCX = archive("[Content_Types].xml", "word/document.xml")
OFD = archive("OFD.xml", "Doc_0/Document.xml")
XLSX = archive("[Content_Types].xml", "xl/workbook.xml")

#: Accepted files and the kind each is recognised as.
ACCEPTED = [
    (PDF, "pdf"),
    (JPEG, "jpeg"),
    (PNG, "png"),
    (TIFF_INTEL, "tiff"),
    (TIFF_MOTOROLA, "tiff"),
    (OFD, "ofd"),
    (OLE2, "doc"),
    (DOCX, "docx"),
]
