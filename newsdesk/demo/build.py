"""Render the demo newsroom's pages from its content (run when the content or a layout changes):

    python -m newsdesk.demo.build          # rewrite newsdesk/demo/pages/ and manifest.json
    python -m newsdesk.demo.build --check  # exit 1 if the committed pages differ from a fresh build

Each outlet's layout (``newsdesk/demo/layouts/``) renders its stories as that outlet would serve
them; the pages and ``manifest.json`` (each page's file, URL, kind and outlet) are committed and
shipped with the package, and ``newsdesk demo`` ingests them like any other pages.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
from pathlib import Path
from types import ModuleType

from newsdesk.demo.content import Story, load_stories
from newsdesk.demo.layouts import ashfield, brightwater, ledger, orrin, tideway
from newsdesk.demo.layouts.common import Context

DEMO_DIR = Path(__file__).parent
PAGES_DIR = DEMO_DIR / "pages"
MANIFEST = DEMO_DIR / "manifest.json"
LAYOUTS: dict[str, ModuleType] = {m.SITE.key: m for m in (tideway, ashfield, ledger, brightwater, orrin)}
RAIL_SIZE = 15


def build(pages_dir: Path = PAGES_DIR, manifest_path: Path = MANIFEST) -> dict[str, object]:
    """Write every page and the manifest; returns the manifest."""
    stories = load_stories()
    by_id = {s.id: s for s in stories}
    urls = {s.id: LAYOUTS[s.outlet].SITE.url(s) for s in stories}
    if len(set(urls.values())) != len(urls):
        raise ValueError("two stories share a URL")
    if pages_dir.exists():
        shutil.rmtree(pages_dir)
    entries = []
    for story in stories:
        layout = LAYOUTS[story.outlet]
        site = layout.SITE
        readmore = None
        if story.readmore:
            target = by_id[story.readmore]
            if target.published >= story.published:
                raise ValueError(f"{story.id} links to {target.id}, which is not earlier")
            readmore = (target.headline, urls[target.id])
        ctx = Context(url=urls[story.id], readmore=readmore, rail=_rail(story, stories, urls))
        name = f"{story.outlet}/{story.published:%m%d}-{story.slug}{site.suffix}"
        path = pages_dir / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(layout.render(story, ctx), encoding="utf-8")
        entries.append(
            {
                "file": name,
                "url": urls[story.id],
                "kind": site.kind,
                "outlet": story.outlet,
                "story": story.id,
                "copy_of": story.copy_of,
                "thread": story.thread,
                "published": story.published.isoformat(),
            }
        )
    manifest = {
        "outlets": [
            {"key": m.SITE.key, "name": m.SITE.name, "home": m.SITE.home, "feed": m.SITE.feed, "kind": m.SITE.kind}
            for m in LAYOUTS.values()
        ],
        "pages": entries,
    }
    manifest_path.write_text(json.dumps(manifest, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return manifest


def _rail(story: Story, stories: list[Story], urls: dict[str, str]) -> tuple[tuple[str, str], ...]:
    """The outlet's other stories, newest first, as its Explore / Most read / Related rail shows them."""
    others = [s for s in reversed(stories) if s.outlet == story.outlet and s.id != story.id]
    return tuple((s.headline, urls[s.id]) for s in others[:RAIL_SIZE])


def _same(a: Path, b: Path) -> bool:
    files_a = sorted(p.relative_to(a) for p in a.rglob("*") if p.is_file())
    files_b = sorted(p.relative_to(b) for p in b.rglob("*") if p.is_file())
    return files_a == files_b and all((a / f).read_bytes() == (b / f).read_bytes() for f in files_a)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare a fresh build with the committed pages")
    args = parser.parse_args(argv)
    if not args.check:
        manifest = build()
        print(f"wrote {len(manifest['pages'])} pages to {PAGES_DIR}")  # type: ignore[arg-type]
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        fresh = Path(tmp)
        build(fresh / "pages", fresh / "manifest.json")
        ok = _same(fresh / "pages", PAGES_DIR) and (fresh / "manifest.json").read_bytes() == MANIFEST.read_bytes()
    print("the committed pages match the content" if ok else "the pages are stale: run python -m newsdesk.demo.build")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
