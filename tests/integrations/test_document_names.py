"""Names of stored documents: what people see, and what the storage gets."""

import pytest

from integrations.documents import names as d


@pytest.mark.parametrize(
    ("name", "kind", "expected"),
    [
        ("scan", "pdf", "scan.pdf"),
        ("scan.PDF", "pdf", "scan.PDF"),
        ("Zoë & <co>", ".txt", "Zoë & <co>.txt"),
        ("evil\r\nSet-Cookie: x", "html", "evilSet-Cookie: x.html"),
        ("", "", "attachment"),
        ("\x00\x07", "bin", "attachment.bin"),
    ],
)
def test_attachment_names_get_their_extension_and_lose_control_characters(name, kind, expected):
    assert d.attachment_name(name, kind) == expected


def test_duplicate_names_in_one_attachment_record_are_numbered():
    taken = ["a.pdf", "a (2).pdf", "notes"]
    assert d.unique("a.pdf", taken) == "a (3).pdf"
    assert d.unique("notes", taken) == "notes (2)"
    assert d.unique("b.pdf", taken) == "b.pdf"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("../../etc/passwd.html", "attachment-....etcpasswd.html"),
        ("..", "attachment-document"),
        ("Zoë's scan.pdf", "attachment-Zoës_scan.pdf"),
    ],
)
def test_storage_names_cannot_leave_the_record_folder(name, expected):
    assert d.storage_name("attachment", name) == expected


def test_content_types():
    assert d.content_type("pdf", "INV-1.pdf") == "application/pdf"
    assert d.content_type("attachment", "x.html") == "text/html"
    assert d.content_type("attachment", "x.weird-ext") == "application/octet-stream"


def test_pdf_names_fall_back_to_the_record_number():
    assert d.pdf_name("INV-1", 7) == "INV-1.pdf"
    assert d.pdf_name("\x00", 7) == "7.pdf"
