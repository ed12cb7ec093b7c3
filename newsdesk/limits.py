"""Size caps enforced while reading: capped reads and bounded gzip/deflate inflation.

Nothing here holds more than ``limit + 1`` bytes of output, whatever the input claims,
so a 50 MB page or a gzip bomb is refused without being read or inflated whole.
Errors are plain exceptions; callers turn them into messages naming the input.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable
from typing import IO

MB = 1024 * 1024
KB = 1024
GZIP_MAGIC = b"\x1f\x8b"
GZIP_WBITS = 16 + zlib.MAX_WBITS
ZLIB_WBITS = zlib.MAX_WBITS
RAW_DEFLATE_WBITS = -zlib.MAX_WBITS
READ_CHUNK = 64 * KB
CONTENT_ENCODINGS = {"gzip": GZIP_WBITS, "x-gzip": GZIP_WBITS, "deflate": ZLIB_WBITS}
"""HTTP Content-Encoding values newsdesk decodes (with :class:`BoundedInflater`) -> zlib wbits."""
IDENTITY_ENCODINGS = frozenset({"", "identity"})


class SizeLimitError(ValueError):
    """The data is larger than the cap."""


class CompressedDataError(ValueError):
    """The compressed data is corrupt or ends too early (``truncated`` tells which)."""

    def __init__(self, message: str, *, truncated: bool = False) -> None:
        super().__init__(message)
        self.truncated = truncated


def format_size(n: int) -> str:
    """A size for people: 20971520 -> '20 MB', 1536 -> '1.5 KB', 900 -> '900 bytes'."""
    for unit, size in (("GB", 1024 * MB), ("MB", MB), ("KB", KB)):
        if n >= size:
            value = n / size
            return f"{value:.0f} {unit}" if value == int(value) or value >= 10 else f"{value:.1f} {unit}"
    return f"{n} bytes"


def read_capped(stream: IO[bytes], limit: int) -> bytes:
    """Read ``stream`` to its end; raise SizeLimitError as soon as more than ``limit`` bytes come."""
    data = stream.read(limit + 1)
    if len(data) > limit:
        raise SizeLimitError(f"more than {limit} bytes")
    return data


class BoundedInflater:
    """Inflate gzip (also multi-member), zlib or raw deflate data fed in chunks, up to ``limit`` bytes out."""

    def __init__(self, limit: int, *, wbits: int = GZIP_WBITS) -> None:
        self._limit = limit
        self._wbits = wbits
        self._out = bytearray()
        self._inflater = zlib.decompressobj(wbits)
        self._fed = False
        self._done = False

    def feed(self, data: bytes) -> None:
        if data and not self._fed and self._wbits == ZLIB_WBITS and (data[0] & 0x0F) != 8:
            # HTTP "deflate" is often raw deflate without the zlib header.
            self._wbits = RAW_DEFLATE_WBITS
            self._inflater = zlib.decompressobj(self._wbits)
        self._fed = self._fed or bool(data)
        while data:
            if self._done:
                data = self._next_member(data)
                continue
            try:
                piece = self._inflater.decompress(data, self._limit + 1 - len(self._out))
            except zlib.error as exc:
                raise CompressedDataError(f"corrupt compressed data ({exc})") from None
            self._out += piece
            if len(self._out) > self._limit:
                raise SizeLimitError(f"inflates to more than {self._limit} bytes")
            if self._inflater.eof:
                self._done = True
                data = self._inflater.unused_data
            else:
                data = self._inflater.unconsumed_tail

    def finish(self) -> bytes:
        if not self._fed:
            raise CompressedDataError("no compressed data", truncated=True)
        if not self._done:
            raise CompressedDataError("compressed data ends early", truncated=True)
        return bytes(self._out)

    def _next_member(self, data: bytes) -> bytes:
        """After one gzip member ends: start the next one, or skip the zero padding some tools add."""
        if self._wbits == GZIP_WBITS and data.startswith(GZIP_MAGIC[: len(data)]):
            self._inflater = zlib.decompressobj(self._wbits)
            self._done = False
            return data
        if data.strip(b"\x00"):
            raise CompressedDataError("unexpected data after the end of the compressed stream")
        return b""


def inflate_chunks(chunks: Iterable[bytes], limit: int, *, wbits: int = GZIP_WBITS) -> bytes:
    """Inflate ``chunks`` completely, keeping at most ``limit`` bytes of output."""
    inflater = BoundedInflater(limit, wbits=wbits)
    for chunk in chunks:
        inflater.feed(chunk)
    return inflater.finish()


def iter_chunks(stream: IO[bytes], size: int = READ_CHUNK) -> Iterable[bytes]:
    while chunk := stream.read(size):
        yield chunk
