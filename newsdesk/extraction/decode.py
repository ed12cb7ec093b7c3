"""Bytes -> text, in this order: a byte-order mark; UTF-8 when the page is valid UTF-8, or is UTF-8
with a stray broken byte or two (which beats a declared charset: a page that is almost all valid
UTF-8 is UTF-8, whatever it says); the HTTP header's charset, then the page's own <meta charset>;
then charset-normalizer's best guess. Binary data raises, never garbles."""

from __future__ import annotations

import codecs
import re

from newsdesk.errors import InputError

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_.:-]+)""", re.IGNORECASE)
_HEADER_CHARSET = re.compile(r"charset\s*=\s*[\"']?([a-zA-Z0-9_.:-]+)", re.IGNORECASE)
_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


def decode_bytes(data: bytes, *, content_type: str | None = None, input: str | None = None) -> str:
    """Decode ``data`` to str. Raises InputError for binary data that is not text in any encoding."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data.decode(encoding, errors="replace")
    if b"\x00" in data[:4096] and not _looks_utf16(data):
        raise InputError("binary data, not a web page or text dump", input=input)
    declared: list[str] = []
    if content_type and (m := _HEADER_CHARSET.search(content_type)):
        declared.append(m.group(1))
    if m2 := _META_CHARSET.search(data[:8192]):
        declared.append(m2.group(1).decode("ascii", "ignore"))
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    if (mostly := _mostly_utf8(data)) is not None:
        return mostly
    for name in declared:
        try:
            encoding = codecs.lookup(name).name
        except LookupError:
            continue
        if encoding in ("utf-8", "ascii"):
            continue
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    from charset_normalizer import from_bytes

    best = from_bytes(data[:200_000]).best()
    if best is None:
        raise InputError("cannot tell the text encoding; is this a web page?", input=input)
    return data.decode(best.encoding, errors="replace")


MOSTLY_UTF8 = 10  # valid multi-byte characters needed for each broken byte sequence


def _mostly_utf8(data: bytes) -> str | None:
    """The page as UTF-8, its few broken bytes replaced, when it is UTF-8 with a stray byte or two (a page
    pasted together from two sources, a truncated character): at least MOSTLY_UTF8 valid non-ASCII
    characters for each broken sequence. A page in a single-byte encoding has hardly any valid UTF-8
    sequences, so it goes on to its declared charset; decoding it any other way would garble every
    accented letter of the page for one bad byte."""
    text = data.decode("utf-8", errors="replace")
    broken = text.count("\ufffd")
    valid = len(text) - len(text.encode("ascii", "ignore")) - broken  # non-ASCII characters, broken ones aside
    return text if valid >= MOSTLY_UTF8 * broken else None


def _looks_utf16(data: bytes) -> bool:
    head = data[:200]
    return head.count(b"\x00") > len(head) // 3 and (head[1:2] == b"\x00" or head[0:1] == b"\x00")
