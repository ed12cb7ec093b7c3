"""Near-duplicate fingerprints and URL variants (pure functions, no I/O).

Two articles are near-duplicates when the Jaccard similarity of their word shingles (runs of
``SHINGLE_WORDS`` words) is at least ``DEFAULT_THRESHOLD``. The similarity is estimated from a
MinHash signature (datasketch) of ``NUM_PERM`` values; the signature is cut into ``BANDS`` bands
of ``ROWS`` values, and each band hashes to one 63-bit *band key*. Articles sharing any band key
are candidates (locality-sensitive hashing): finding them costs ``BANDS`` index look-ups whatever
the size of the corpus. The signatures' estimate shortlists candidates; the few left are confirmed
by the exact Jaccard of the two texts' shingles, because at 128 values the estimate's noise
(about +-0.05) lifted unrelated stories on one topic (true 0.30-0.35, generated pages) over 0.4.

With 42 bands of 3 rows (126 of the 128 values) a pair at Jaccard 0.4 shares a band with
probability 1-(1-0.4^3)^42 = 0.94, at 0.5 0.996, at 0.6 0.99998; a pair at 0.15 becomes a
candidate 13% of the time and is then rejected by the estimate.

Measured with 5-word shingles on our fictional pages (``tests/storage/data/wire``,
``tests/golden/extract``): one wire story under another site's furniture 0.92; lightly edited (new
headline, a paragraph cut, a few words changed, a local paragraph added) 0.55-0.58; one page as HTML
and as text dumps 0.89-1.0; 1-2% of words edited at random 0.73-0.93; 5% 0.52-0.63. An outlet's own
report quoting two wire paragraphs 0.12-0.13; different stories at most 0.13. Hence a threshold of
0.4, well inside the gap. ``tests/storage/test_dedupe.py`` pins these cases.

URL variants (``normalize_url``) catch one page under AMP paths, tracking parameters, mobile
hosts, ``www.``, http/https, fragments and trailing slashes.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import SplitResult, parse_qsl, urlencode, urlsplit

import numpy as np
from datasketch import MinHash

NUM_PERM = 128
BANDS = 42
ROWS = 3
SHINGLE_WORDS = 5
DEFAULT_THRESHOLD = 0.4
MIN_WORDS = 40  # below this, a text is too short to call a near-duplicate on wording alone
_SEED = 1

_WORD = re.compile(r"\w+", re.UNICODE)

TRACKING_PARAMS = frozenset(
    {
        "fbclid",
        "gclid",
        "gclsrc",
        "dclid",
        "msclkid",
        "yclid",
        "igshid",
        "mc_cid",
        "mc_eid",
        "_ga",
        "_gl",
        "ocid",
        "cmpid",
        "smid",
        "sr_share",
        "ref",
        "ref_src",
        "amp",
        "outputtype",
        "ito",
        "ns_mchannel",
        "ns_source",
        "ns_campaign",
        "ns_linkname",
        "ns_fee",
        "icid",
        "wt.mc_id",
        "guccounter",
    }
)
TRACKING_PREFIXES = ("utm_", "pk_", "mtm_", "hsa_", "oly_", "vero_")
MOBILE_HOST_PREFIXES = ("www.", "m.", "mobile.", "amp.")
_AMP_SUFFIX = re.compile(r"(?:/amp|\.amp|/amp\.html|/amp/index\.html)$", re.IGNORECASE)
_AMP_PREFIX = re.compile(r"^/amp(?=/)", re.IGNORECASE)
_DEFAULT_PORTS = {"http": 80, "https": 443}


@dataclass(frozen=True, slots=True)
class Fingerprint:
    """A text's MinHash signature (``NUM_PERM`` unsigned 32-bit values) and its LSH band keys."""

    signature: bytes
    band_keys: tuple[int, ...]

    def similarity(self, other: Fingerprint) -> float:
        """Estimated Jaccard similarity of the two texts' shingle sets."""
        return estimate_jaccard(self.signature, other.signature)


def words(text: str) -> list[str]:
    """Lower-cased word tokens (letters and digits of any script)."""
    return _WORD.findall(text.lower())


def shingles(text: str, size: int = SHINGLE_WORDS) -> set[str]:
    """The set of ``size``-word runs in ``text``; a text of ``size`` words or fewer is one shingle."""
    tokens = words(text)
    if len(tokens) <= size:
        return {" ".join(tokens)} if tokens else set()
    return {" ".join(tokens[i : i + size]) for i in range(len(tokens) - size + 1)}


def jaccard(a: str, b: str, size: int = SHINGLE_WORDS) -> float:
    """Exact Jaccard similarity of two texts' shingle sets."""
    return shingle_jaccard(shingles(a, size), shingles(b, size))


def shingle_jaccard(a: set[str], b: set[str]) -> float:
    """Exact Jaccard similarity of two shingle sets (1.0 for two empty ones)."""
    if not a and not b:
        return 1.0
    return len(a & b) / len(a | b)


def fingerprint(text: str) -> Fingerprint | None:
    """The text's fingerprint, or None when it has fewer than ``MIN_WORDS`` words."""
    if len(words(text)) < MIN_WORDS:
        return None
    mh = MinHash(num_perm=NUM_PERM, seed=_SEED)
    mh.update_batch([s.encode("utf-8") for s in shingles(text)])
    values = np.asarray(mh.hashvalues, dtype="<u4")
    return Fingerprint(signature=values.tobytes(), band_keys=band_keys(values))


def band_keys(values: Sequence[int] | np.ndarray) -> tuple[int, ...]:
    """One non-negative 63-bit key per band; the band's index is hashed in, so bands never collide."""
    arr = np.asarray(values, dtype="<u4")
    keys = []
    for band in range(BANDS):
        data = band.to_bytes(2, "little") + arr[band * ROWS : (band + 1) * ROWS].tobytes()
        digest = hashlib.blake2b(data, digest_size=8, person=b"newsdesk-lsh").digest()
        keys.append(int.from_bytes(digest, "little") >> 1)  # fits SQLite's signed INTEGER
    return tuple(keys)


def band_keys_of(signature: bytes) -> tuple[int, ...]:
    """The band keys of a stored signature (as ``Fingerprint.signature``)."""
    return band_keys(np.frombuffer(signature, dtype="<u4"))


def estimate_jaccard(a: bytes, b: bytes) -> float:
    """The share of MinHash values two signatures agree on: an unbiased Jaccard estimate."""
    va = np.frombuffer(a, dtype="<u4")
    vb = np.frombuffer(b, dtype="<u4")
    if len(va) != len(vb) or not len(va):
        return 0.0
    return float(np.count_nonzero(va == vb)) / len(va)


def normalize_url(url: str) -> str:
    """A key shared by the variants of one page's URL: no scheme, no ``www.``/``m.``/``amp.`` host
    prefix, no AMP path or parameter, no tracking parameters, no fragment or trailing slash,
    remaining parameters sorted. Not a URL to fetch: a key to compare."""
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower().rstrip(".")
    for prefix in MOBILE_HOST_PREFIXES:
        if host.startswith(prefix) and host.count(".") >= 2:
            host = host[len(prefix) :]
            break
    port = _port(parts)
    if port is not None and port != _DEFAULT_PORTS.get(parts.scheme.lower()):
        host = f"{host}:{port}"
    path = re.sub(r"/{2,}", "/", parts.path or "/").rstrip("/")
    path = _AMP_SUFFIX.sub("", _AMP_PREFIX.sub("", path)).rstrip("/") or "/"
    query = [
        (k, v)
        for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if k.lower() not in TRACKING_PARAMS and not k.lower().startswith(TRACKING_PREFIXES)
    ]
    key = host + path
    if query:
        key += "?" + urlencode(sorted(query))
    return key


def _port(parts: SplitResult) -> int | None:
    try:
        return parts.port
    except ValueError:
        return None
