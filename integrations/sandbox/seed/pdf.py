"""Tiny but valid PDF documents for invoice PDFs and seeded attachments."""

from __future__ import annotations

import base64
import zlib


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def render_pdf(lines: list[str]) -> bytes:
    """A one-page PDF 1.4 showing ``lines`` in Helvetica, with a correct xref table."""
    commands = ["BT", "/F1 12 Tf", "14 TL", "50 780 Td"]
    for line in lines:
        safe = line.encode("latin-1", "replace").decode("latin-1")
        commands.append(f"({_escape(safe)}) Tj T*")
    commands.append("ET")
    stream = zlib.compress("\n".join(commands).encode("latin-1"))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
        b"/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        b"<< /Length "
        + str(len(stream)).encode()
        + b" /Filter /FlateDecode >>\nstream\n"
        + stream
        + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode()
    out += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n"
    ).encode()
    return bytes(out)


def attachment_pdf_base64() -> str:
    """The base64 PDF used for seeded supporting documents."""
    return base64.b64encode(render_pdf(["Supporting document", "Demo company"])).decode()
