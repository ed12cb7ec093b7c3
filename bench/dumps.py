"""Plain-text dumps of HTML pages, made with real text browsers (Debian's lynx and w3m),
cached on disk: the inputs of the text-dump benchmarks.

    dump_html(html_bytes, "lynx") -> str
    dump_pages(paths, "w3m", cache_dir) -> {path: text}
"""

from __future__ import annotations

import gzip
import hashlib
import shutil
import subprocess
from pathlib import Path

TOOLS = {
    # lynx prints the page then a numbered "References" list of its links, as users keep it.
    "lynx": ["lynx", "-dump", "-force_html", "-stdin", "-width=100", "-assume_charset=utf-8", "-display_charset=utf-8"],
    "w3m": ["w3m", "-dump", "-T", "text/html", "-cols", "100", "-I", "UTF-8", "-O", "UTF-8"],
}


def available(tool: str) -> bool:
    return shutil.which(TOOLS[tool][0]) is not None


def dump_html(html: bytes, tool: str) -> str:
    proc = subprocess.run(TOOLS[tool], input=html, capture_output=True, timeout=60, check=False)
    return proc.stdout.decode("utf-8", errors="replace")


def dump_pages(paths: list[Path], tool: str, cache_dir: Path) -> dict[Path, str]:
    """Dump each page (``.gz`` or plain HTML) with ``tool``, caching by content hash."""
    cache_dir.mkdir(parents=True, exist_ok=True)
    out: dict[Path, str] = {}
    for path in paths:
        raw = path.read_bytes()
        html = gzip.decompress(raw) if path.suffix == ".gz" else raw
        key = cache_dir / f"{tool}-{hashlib.sha256(html).hexdigest()[:20]}.txt"
        if not key.exists():
            key.write_text(dump_html(html, tool), encoding="utf-8")
        out[path] = key.read_text(encoding="utf-8")
    return out
