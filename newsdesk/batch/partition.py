"""Split what ``newsdesk batch`` is given into partitions: units of work of bounded size, with stable ids.

Inputs are read the way ``extract`` and ``ingest`` read them (:mod:`newsdesk.inputs`), then cut:

- a folder is walked (sorted, hidden files skipped, as ``extract`` does); its page files are grouped
  ``size`` at a time, in walk order; the WARC archives inside it are split like archives named alone;
- a ``.warc.gz`` archive written one gzip member per record (the WARC norm, and what crawlers and
  ``bench/generate.py --format warc`` write) is split by **record ranges**: the driver reads it once,
  notes the byte offset where each member starts and which records hold a page, and a partition is a
  byte range ``[start, end)`` holding ``size`` pages. A worker then reads only its range. Pages keep
  the names ``extract`` gives them (``PATH#N``, N counted over the whole archive from 1). An archive
  that is one gzip stream, an uncompressed ``.warc``, or one that is truncated or corrupt is one
  partition of its own (read by the ordinary reader, which reports the damage as extract does);
- a URL list (a file named ``*.urls`` or ``*.urls.txt``: one ``http(s)://`` URL per line, ``#``
  comments and blank lines ignored) becomes partitions of ``size`` URLs; a URL named on the command
  line joins a URL partition too. A worker fetches its URLs as ``ingest`` does (the polite fetcher:
  robots.txt, ``NEWSDESK_CRAWL_DELAY`` between two requests to one host); partitions running at the
  same time do not share pacing, so sort a list by host or keep partitions large for a list of few hosts.

A partition's id is a hash of what it covers (its kind, paths, byte range, URLs), so the same inputs
cut with the same ``size`` give the same ids on every run: that is how a rerun knows what is done.
A WARC range partition also remembers the archive's size and modification time; a worker refuses a
range of an archive that changed since it was split (the partition fails and is reported).
"""

from __future__ import annotations

import hashlib
import io
import math
import os
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from newsdesk import inputs
from newsdesk.errors import InputError, PipelineError, UsageError
from newsdesk.limits import GZIP_MAGIC

if TYPE_CHECKING:
    from newsdesk.config import Settings
    from newsdesk.models import FetchedPage

URL_LIST_SUFFIXES = (".urls", ".urls.txt")
MAX_PARTITION_SIZE = 500  # pages per partition when the size is chosen automatically
TARGET_PARTITIONS = 32  # automatic size: about this many partitions, within [1, MAX_PARTITION_SIZE]
MAX_MEMBER_BYTES = 64 * 1024 * 1024  # a gzip member larger than this: the archive is one stream, not split
_READ_CHUNK = 1 << 20


class PartitionChangedError(PipelineError):
    """The archive a range partition points into changed after it was split."""


@dataclass(frozen=True, slots=True)
class Partition:
    """One unit of work. ``kind``: ``files`` (page files), ``urls``, ``archive`` (a whole WARC read by
    the ordinary reader) or ``warc-range`` (``path`` bytes ``[start, end)``, first page numbered
    ``first``). ``pages``: how many pages it holds (known for all kinds but ``archive``: -1)."""

    kind: str
    items: tuple[str, ...] = ()  # files or URLs
    path: str | None = None
    start: int = 0
    end: int = 0
    first: int = 1
    pages: int = 0
    file_size: int = 0
    file_mtime_ns: int = 0
    id: str = field(init=False)

    def __post_init__(self) -> None:
        key = "\x1f".join((self.kind, self.path or "", str(self.start), str(self.end), str(self.first), *self.items))
        object.__setattr__(self, "id", hashlib.sha256(key.encode("utf-8")).hexdigest()[:16])

    def describe(self) -> str:
        """One line for messages: what the partition covers."""
        if self.kind == "warc-range":
            return f"{self.path} pages #{self.first}-#{self.first + self.pages - 1} (bytes {self.start}-{self.end})"
        if self.kind == "archive":
            return f"{self.path} (whole archive)"
        first, last = self.items[0], self.items[-1]
        return first if len(self.items) == 1 else f"{first} .. {last} ({len(self.items)} {self.kind})"

    def to_dict(self) -> dict[str, object]:
        return {"id": self.id, "kind": self.kind, "describe": self.describe(), "pages": self.pages}


@dataclass
class Plan:
    """The partitions of a run and the failures met while cutting (a folder without pages...)."""

    partitions: list[Partition]
    failures: list[PipelineError]
    size: int

    @property
    def pages(self) -> int:
        return sum(max(p.pages, 0) for p in self.partitions)


# --- cutting --------------------------------------------------------------------------------------


def plan_partitions(specs: list[str], settings: Settings, *, size: int | None = None) -> Plan:
    """Cut ``specs`` into partitions of at most ``size`` pages (``None``: chosen from the page count,
    about TARGET_PARTITIONS partitions of 1 to MAX_PARTITION_SIZE pages). Raises UsageError for an input
    that cannot be a batch input at all (standard input, a path that does not exist)."""
    units: list[_Unit] = []
    failures: list[PipelineError] = []
    for spec in specs:
        units.extend(_units(spec, settings, failures))
    total = sum(u.pages for u in units)
    if size is None:
        size = min(MAX_PARTITION_SIZE, max(1, math.ceil(total / TARGET_PARTITIONS)))
    return Plan(partitions=list(_cut(units, size)), failures=failures, size=size)


@dataclass
class _Unit:
    kind: str  # "file", "url", "archive", "members"
    value: str
    pages: int = 1
    members: list[tuple[int, int, int]] = field(default_factory=list)  # (start, end, pages) per gzip member
    file_size: int = 0
    file_mtime_ns: int = 0


def _units(spec: str, settings: Settings, failures: list[PipelineError]) -> Iterator[_Unit]:
    if spec == inputs.STDIN_SPEC:
        raise UsageError("batch cannot read standard input; save the pages to files and pass their paths")
    if spec.lower().startswith(inputs.URL_SCHEMES):
        yield _Unit("url", spec)
        return
    if os.path.isdir(spec):
        found = False
        for item in inputs._walk_sorted(spec):
            if isinstance(item, PipelineError):
                failures.append(item)
            else:
                found = True
                yield from _file_units(item, settings, failures)
        if not found:
            failures.append(
                InputError(
                    "folder holds no pages (looked for .html, .htm, .txt, .warc and their .gz forms)", input=spec
                )
            )
        return
    if not os.path.exists(spec):
        raise UsageError(f"{spec}: no such file or folder; check the path")
    if spec.lower().endswith(URL_LIST_SUFFIXES):
        yield from _url_list_units(spec)
        return
    yield from _file_units(spec, settings, failures)


def _file_units(path: str, settings: Settings, failures: list[PipelineError]) -> Iterator[_Unit]:
    lower = path.lower()
    try:
        with open(path, "rb") as stream:
            head = stream.read(len(inputs.WARC_MAGIC))
    except OSError:
        yield _Unit("file", path)  # the worker's reader reports why it cannot be read
        return
    if lower.endswith(URL_LIST_SUFFIXES):
        yield from _url_list_units(path)
    elif lower.endswith(inputs.WARC_SUFFIXES) or head.startswith(inputs.WARC_MAGIC):
        yield _archive_unit(path, settings)
    else:
        yield _Unit("file", path)


def _url_list_units(path: str) -> Iterator[_Unit]:
    try:
        with open(path, encoding="utf-8") as stream:
            lines = [line.strip() for line in stream]
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"{path}: cannot read the URL list ({exc}); pass a UTF-8 file of one URL per line") from None
    for number, line in enumerate(lines, 1):
        if not line or line.startswith("#"):
            continue
        if not line.lower().startswith(inputs.URL_SCHEMES):
            raise UsageError(f"{path}:{number}: not an http(s) URL: {line[:80]!r}; a URL list holds one URL per line")
        yield _Unit("url", line)


def _archive_unit(path: str, settings: Settings) -> _Unit:
    """A WARC archive: its gzip members with their page counts when it can be split, else whole."""
    stat = os.stat(path)
    with open(path, "rb") as stream:
        gzipped = stream.read(2) == GZIP_MAGIC
    if gzipped:
        try:
            members = list(_scan_members(path, settings))
        except _NotSplittable:
            members = []
        if len(members) > 1:
            return _Unit(
                "members",
                path,
                pages=sum(m[2] for m in members),
                members=members,
                file_size=stat.st_size,
                file_mtime_ns=stat.st_mtime_ns,
            )
    return _Unit("archive", path, pages=1)


class _NotSplittable(Exception):
    pass


def _scan_members(path: str, settings: Settings) -> Iterator[tuple[int, int, int]]:
    """(start, end, pages) of each gzip member of ``path``; pages = how many items the ordinary reader
    yields for its records (so page numbers match ``extract``'s). Raises _NotSplittable for a single
    huge member, a truncated or corrupt stream."""
    start = 0
    pos = 0  # file offset of buf[0]
    buf = b""
    out: list[bytes] = []
    out_size = 0
    inflater = zlib.decompressobj(wbits=31)
    with open(path, "rb") as stream:
        while True:
            if not buf:
                buf = stream.read(_READ_CHUNK)
                if not buf:
                    break
            try:
                piece = inflater.decompress(buf, MAX_MEMBER_BYTES + 1 - out_size)
            except zlib.error:
                raise _NotSplittable from None
            out.append(piece)
            out_size += len(piece)
            if out_size > MAX_MEMBER_BYTES:
                raise _NotSplittable
            consumed = len(buf) - len(inflater.unconsumed_tail) - len(inflater.unused_data)
            if inflater.eof:
                end = pos + consumed
                yield start, end, _pages_in(b"".join(out), path, settings)
                rest = inflater.unused_data
                start, pos, buf = end, end, rest
                out, out_size = [], 0
                inflater = zlib.decompressobj(wbits=31)
            else:
                pos += consumed
                buf = buf[consumed:]
    if out_size or pos != start:
        raise _NotSplittable  # truncated: the ordinary reader reports it


def _pages_in(member: bytes, path: str, settings: Settings) -> int:
    count = 0
    try:
        for record in _records(io.BytesIO(member)):
            if inputs._warc_item(record, path, count + 1, settings) is not None:
                count += 1
    except (EOFError, OSError, ValueError, zlib.error):
        raise _NotSplittable from None
    return count


def _records(source: io.BufferedIOBase | io.BytesIO) -> Iterator[object]:
    from fastwarc.warc import ArchiveIterator, WarcRecordType

    record_types = WarcRecordType.response | WarcRecordType.resource | WarcRecordType.conversion
    return ArchiveIterator(
        source, record_types=record_types, parse_http=True, auto_decode="none", fsspec_args=False, stream_detect=False
    )


def _cut(units: list[_Unit], size: int) -> Iterator[Partition]:
    """Group consecutive files (and URLs) ``size`` at a time; split member lists by page count."""
    pending: list[str] = []
    pending_kind = ""

    def flush() -> Iterator[Partition]:
        if pending:
            kind = "files" if pending_kind == "file" else "urls"
            yield Partition(kind=kind, items=tuple(pending), pages=len(pending))
            pending.clear()

    for unit in units:
        if unit.kind in ("file", "url"):
            if pending_kind != unit.kind:
                yield from flush()
                pending_kind = unit.kind
            pending.append(unit.value)
            if len(pending) >= size:
                yield from flush()
            continue
        yield from flush()
        if unit.kind == "archive":
            yield Partition(kind="archive", path=unit.value, pages=-1)
        else:
            yield from _cut_members(unit, size)
    yield from flush()


def _cut_members(unit: _Unit, size: int) -> Iterator[Partition]:
    first = 1
    start = end = unit.members[0][0]
    pages = 0
    for m_start, m_end, m_pages in unit.members:
        if pages and pages + m_pages > size:
            yield _range(unit, start, end, first, pages)
            first += pages
            start, pages = m_start, 0
        end = m_end
        pages += m_pages
    if pages or end > start:
        yield _range(unit, start, end, first, pages)


def _range(unit: _Unit, start: int, end: int, first: int, pages: int) -> Partition:
    return Partition(
        kind="warc-range",
        path=unit.value,
        start=start,
        end=end,
        first=first,
        pages=pages,
        file_size=unit.file_size,
        file_mtime_ns=unit.file_mtime_ns,
    )


# --- reading one partition (on a worker) ----------------------------------------------------------


def iter_partition(partition: Partition, settings: Settings) -> Iterator[FetchedPage | PipelineError]:
    """The pages of one partition, read by :mod:`newsdesk.inputs`' functions, failures as records.
    Raises PartitionChangedError when a range's archive changed since it was split."""
    if partition.kind == "urls":
        from newsdesk.pipeline.crawl import PoliteFetcher

        with PoliteFetcher(settings) as fetcher:  # robots.txt and per-host pacing, as ingest fetches
            yield from inputs.iter_pages(list(partition.items), settings, fetch=fetcher.fetch_page)
    elif partition.kind == "files":
        yield from inputs.iter_pages(list(partition.items), settings)
    elif partition.kind == "archive":
        yield from inputs.iter_pages([partition.path or ""], settings)
    elif partition.kind == "warc-range":
        yield from _iter_range(partition, settings)
    else:
        raise ValueError(f"unknown partition kind {partition.kind!r}")


def _iter_range(partition: Partition, settings: Settings) -> Iterator[FetchedPage | PipelineError]:
    import gzip

    path = partition.path or ""
    try:
        stat = os.stat(path)
    except OSError as exc:
        raise PartitionChangedError(f"cannot read the archive any more ({exc})", input=path) from None
    if (stat.st_size, stat.st_mtime_ns) != (partition.file_size, partition.file_mtime_ns):
        raise PartitionChangedError("the archive changed after it was split; run the batch again", input=path)
    with open(path, "rb") as stream:
        stream.seek(partition.start)
        data = stream.read(partition.end - partition.start)
    n = partition.first - 1
    try:
        for record in _records(gzip.GzipFile(fileobj=io.BytesIO(data), mode="rb")):
            item = inputs._warc_item(record, path, n + 1, settings)
            if item is not None:
                n += 1
                yield item
    except (EOFError, OSError, ValueError, zlib.error) as exc:
        yield InputError(f"corrupt WARC record range after page #{n} ({exc})", input=path)
    if n - partition.first + 1 != partition.pages:
        raise PartitionChangedError(
            f"expected {partition.pages} pages from #{partition.first}, read {n - partition.first + 1}", input=path
        )


__all__ = ["Partition", "PartitionChangedError", "Plan", "iter_partition", "plan_partitions"]
