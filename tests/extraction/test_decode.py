"""Bytes to text: pages in several encodings, including broken ones (pages we wrote)."""

from __future__ import annotations

import pytest

from newsdesk.errors import InputError
from newsdesk.extraction.decode import decode_bytes

POLISH = "Kolejne organizacje sprzeciwiają się decyzji zarządu portu; głos zabrała też rada miasta Łódź."
GERMAN = "Die Fähre über den Großen Belt fährt ab März wieder öfter, teilte die Reederei am Dienstag mit."


def _page(text: str, charset: str | None) -> str:
    meta = f'<meta charset="{charset}">' if charset else ""
    return f"<!doctype html><html><head>{meta}<title>Hafen</title></head><body><p>{text}</p></body></html>"


def test_utf8_with_one_stray_byte_stays_utf8() -> None:
    data = _page(POLISH * 3, "utf-8").encode("utf-8").replace(b"</p>", b"\xa0</p>")
    text = decode_bytes(data)
    assert POLISH in text
    assert text.count("\ufffd") == 1


def test_utf8_with_a_stray_byte_and_no_declaration_stays_utf8() -> None:
    data = _page(POLISH * 3, None).encode("utf-8").replace(b"</p>", b"\xe9</p>")
    assert POLISH in decode_bytes(data)


@pytest.mark.parametrize("charset", ["iso-8859-1", "windows-1252"])
def test_declared_single_byte_pages_decode_with_their_charset(charset: str) -> None:
    data = _page(GERMAN, charset).encode(charset)
    assert GERMAN in decode_bytes(data)


def test_a_single_byte_page_that_claims_utf8_is_not_read_as_utf8() -> None:
    data = _page(GERMAN * 2, "utf-8").encode("windows-1252")
    text = decode_bytes(data)
    assert "\ufffd" not in text
    assert "Fähre" in text and "Großen" in text


def test_binary_data_is_refused() -> None:
    with pytest.raises(InputError, match="binary data"):
        decode_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8)
