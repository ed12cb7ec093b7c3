"""Semantic similarity (the newsdesk[semantic] extra): MiniLM embeddings blended with the default."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import numpy as np
import pytest

from newsdesk.enrich.semantic import DIMENSIONS, embedder_for, semantic_status
from newsdesk.enrich.similarity import Profile, explain, make_profile, make_profiles, similarity

from .test_similarity import BREACH, FLOOD_1, FLOOD_2

_OFF = semantic_status()
needs_extra = pytest.mark.skipif(_OFF is not None, reason=_OFF or "")

# a paraphrase with almost no words in common: only the embedding can see it is the same event
FLOOD_PARAPHRASE = "Water poured into the streets of a riverside town overnight and thousands of people had to leave."


_NO_EXTRA = textwrap.dedent(
    """
    import importlib.abc, importlib.util, sys

    class Hide(importlib.abc.MetaPathFinder):  # as on a machine without sentence-transformers
        def find_spec(self, name, path=None, target=None):
            if name.split(".")[0] == "sentence_transformers":
                raise ModuleNotFoundError(name)
            return None

    sys.meta_path.insert(0, Hide())
    _find = importlib.util.find_spec
    importlib.util.find_spec = lambda name, *a: None if name == "sentence_transformers" else _find(name, *a)

    from newsdesk.enrich.semantic import embedder_for, load_embedder, semantic_status
    from newsdesk.enrich.similarity import make_profile, similarity
    from newsdesk.errors import EnrichmentUnavailable

    print(semantic_status())
    assert embedder_for("auto") is None and embedder_for("default") is None
    try:
        load_embedder()
    except EnrichmentUnavailable as exc:
        print("raised:", exc)
    a = make_profile("The river Ossel flooded Bremmin.", language="en")
    print(similarity(a, a) > 0.99)
    """
)


def test_without_the_extra_semantic_is_off_with_a_reason_and_the_default_still_works() -> None:
    out = subprocess.run([sys.executable, "-c", _NO_EXTRA], capture_output=True, text=True, timeout=120, check=False)
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    assert lines[0].startswith("semantic similarity is off: sentence-transformers is not installed")
    assert "pip install 'newsdesk[semantic]'" in lines[0]
    assert lines[1].startswith("raised: semantic similarity is off")
    assert lines[2] == "True"


@pytest.fixture(scope="session")
def embedder():
    from newsdesk.enrich.semantic import load_embedder

    return load_embedder()


@needs_extra
def test_status_is_none_and_the_model_loads_once(embedder) -> None:
    from newsdesk.enrich.semantic import load_embedder

    assert semantic_status() is None
    assert load_embedder() is embedder
    assert embedder_for("semantic") is embedder and embedder_for("auto") is embedder
    assert embedder_for("default") is None


@needs_extra
def test_encode_gives_unit_float32_rows(embedder) -> None:
    v = embedder.encode(["The river flooded the town.", "A bank lost customer data.", ""])
    assert v.shape == (3, DIMENSIONS) and v.dtype == np.float32
    assert np.allclose(np.linalg.norm(v[:2], axis=1), 1.0, atol=1e-4)
    assert not np.any(v[2])  # an empty text has no direction


@needs_extra
def test_semantic_profile_blends_the_embedding_in(embedder) -> None:
    a = make_profile(FLOOD_1, language="en", embedder=embedder)
    para = make_profile(FLOOD_PARAPHRASE, language="en", embedder=embedder)
    other = make_profile(BREACH, language="en", embedder=embedder)
    assert a.vector is not None and a.vector.shape == (DIMENSIONS,)
    plain_a, plain_para = make_profile(FLOOD_1, language="en"), make_profile(FLOOD_PARAPHRASE, language="en")
    assert similarity(a, para) > similarity(plain_a, plain_para)
    assert similarity(a, para) > similarity(a, other)
    e = explain(a, para)
    assert e["semantic"] is not None and e["semantic"] > explain(a, other)["semantic"]
    assert 0.0 <= similarity(a, other) <= 1.0


@needs_extra
def test_mixed_profiles_fall_back_to_the_default(embedder) -> None:
    a = make_profile(FLOOD_1, language="en", embedder=embedder)
    b = make_profile(FLOOD_2, language="en")
    assert similarity(a, b) == pytest.approx(similarity(make_profile(FLOOD_1, language="en"), b))
    assert explain(a, b)["semantic"] is None


@needs_extra
def test_batch_profiles_match_one_by_one(embedder) -> None:
    items = [{"text": FLOOD_1, "headline": "Ossel floods", "language": "en"}, {"text": BREACH, "language": "en"}]
    batch = make_profiles(items, embedder=embedder)
    one = [make_profile(**it, embedder=embedder) for it in items]
    for x, y in zip(batch, one, strict=True):
        assert x.terms == y.terms
        assert np.allclose(x.vector, y.vector, atol=1e-5)


@needs_extra
def test_vector_survives_the_json_round_trip(embedder) -> None:
    a = make_profile(FLOOD_1, language="en", embedder=embedder)
    back = Profile.from_json(a.to_json())
    assert back == a and back.vector.dtype == np.float32
    assert similarity(back, a) == pytest.approx(1.0, abs=1e-4)
