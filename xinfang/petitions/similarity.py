"""Text similarity for repeat-petition detection (重复信访): scores, MinHash and LSH band keys.

A petitioner who is not satisfied writes again — to the same office or another, in other words,
shorter or longer, sometimes through a relative or by phone. On registration the clerk must see
the earlier matters that are probably the same complaint, with a score, and decide; nothing is
ever merged automatically. This module is the text side of that: pure standard-library Python,
no Django, deterministic across processes, machines and Python versions.

How a text becomes comparable
    :func:`normalise` folds full-width forms (NFKC), lowercases Latin letters, maps every decimal
    digit to ASCII, removes a few letter-writing formulas (:data:`BOILERPLATE`) and then splits the
    text into *units*: a run of digits (``47.6``, ``2023``) is one unit, a Latin word is one unit,
    every other character (a Chinese character) is one unit; punctuation, symbols, spaces and
    grammatical particles (:data:`STOP_CHARACTERS`) are dropped. Counting a number as one unit keeps
    a date such as ``2024年5月`` from contributing four digit-bigrams shared by every letter of
    that year.

    :func:`shingles` takes unit *bigrams* and drops :data:`STOP_SHINGLES`, bigrams that nearly
    every petition contains (``我们``, ``有限``, ``公司``, ``反映``, ``2024年``). Chinese has no
    spaces, and a reworded complaint keeps its facts — names of places, companies and people,
    amounts and dates — while the words between them change; character bigrams capture those facts
    without a dictionary. Bigrams were chosen over trigrams by measurement on the test corpus
    (``tests/petitions/repeat_corpus.py``): with trigrams the reworded pairs and the unrelated
    pairs overlap (no threshold separates them); with bigrams they separate.

How two texts are compared
    :func:`score` is the *containment* of the smaller shingle set in the larger one, |A∩B| /
    min(|A|, |B|): a shortened resubmission or an online summary of a long letter is fully
    inside it, which Jaccard (|A∩B| / |A∪B|) would punish for the length difference alone.
    :func:`is_repeat` links a pair when the score reaches :data:`REPEAT_THRESHOLD` *and* the texts
    share at least :data:`MIN_SHARED_SHINGLES` bigrams, so that a two-line note is not "contained"
    in every long letter.

How earlier matters are found without reading them all
    :func:`signature` is a MinHash signature of the shingle set, computed by one-permutation
    hashing with optimal densification (one 64-bit BLAKE2b hash per shingle, cached per process,
    not one per shingle and function), so a signature costs about as much as reading the text.
    :func:`band_keys` gives one key per position (:data:`BANDS` bands of :data:`ROWS` row): the
    bin's minimum with its bin number, which for a bin that was not densified is the winning
    shingle's own hash — in effect a consistent sample of 32 of the text's bigrams, the same
    bigram being sampled by every text in which it wins its bin. The database indexes the keys
    (``xinfang.petitions.matters.repeats``), and a new matter's candidates are the earlier
    matters sharing at least :data:`MIN_SHARED_KEYS` keys with it, the ten sharing most. Each
    candidate is then scored exactly from its stored :func:`fingerprint`.

    Two texts of Jaccard similarity *J* share at least two keys with probability
    (:func:`candidate_probability`, a binomial tail)::

        J      0.02   0.05   0.10   0.15   0.20   0.25   0.30
        P      0.134  0.480  0.844  0.963  0.993  0.999  1.000

    Reworded complaints are far from near-duplicates: in the corpus their Jaccard similarity is
    0.10–0.28 (median 0.20), while unrelated petitions average 0.003 and look-alikes of the same
    category and district 0.027. Fewer keys per matter is what makes registration fast: each key
    is a row of an index of tens of millions of rows, and the 128 two-row bands used before cost
    a random page write each. Measured on the corpus (candidate recall of the linked rewordings /
    share of pairs of different complaints that become candidates): 32 one-row bands with two
    shared keys 1.00 / 1.8 %; 24 bands 0.94 / 1.1 %; 16 bands 0.89 / 0.3 %; the former 128
    two-row bands with one shared key 0.99 / 1.6 %; 64 two-row bands 0.91 / 0.9 %. A key held by
    very many matters is dropped from the index as a stop key (``repeats.STOP_KEY_MATTERS``).
    Repeats by the same petitioner are found through the petitioner, not through this index.

Measured on ``tests/petitions/repeat_corpus.py`` (59 complaints, 128 versions, 79 rewording
pairs, 8,049 pairs of versions of different complaints; six of the complaints were written after
the parameters were fixed, as a held-out check, and all six pairs were linked): every rewording
pair scores ≥ 0.234 and every pair of different complaints ≤ 0.171, so
:data:`REPEAT_THRESHOLD` = 0.2 links all 79 and none of the 8,049. All 79 share at least two band
keys; versions of different complaints do in 1.8 % of pairs.
"""

from __future__ import annotations

import functools
import hashlib
import itertools
import math
import re
import struct
import unicodedata
from collections.abc import Collection, Set
from dataclasses import dataclass

__all__ = [
    "BANDS",
    "BOILERPLATE",
    "MIN_SHARED_KEYS",
    "MIN_SHARED_SHINGLES",
    "MIN_SHINGLES_TO_INDEX",
    "PLACE_DIGITS",
    "REPEAT_THRESHOLD",
    "ROWS",
    "STOP_CHARACTERS",
    "STOP_SHINGLES",
    "RepeatMatch",
    "band_keys",
    "band_values",
    "band_values_of",
    "band_values_of_hashes",
    "candidate_probability",
    "compare",
    "compare_shingles",
    "fingerprint",
    "fingerprint_of_hashes",
    "fingerprint_of_set",
    "fingerprint_set",
    "index_keys",
    "is_repeat",
    "normalise",
    "place_keys",
    "score",
    "shingle_hashes",
    "shingles",
    "signature",
]

#: A pair is linked as a likely repeat when its :func:`score` is at least this.
REPEAT_THRESHOLD = 0.2

#: ...and when the two texts share at least this many shingles (evidence, not just a ratio).
MIN_SHARED_SHINGLES = 8

#: An earlier matter becomes a candidate (and is scored exactly) when it shares at least this
#: many band keys with the new one: one shared key is usually one shared bigram, which
#: look-alike petitions of the same kind share all the time; two are rare between different
#: complaints (1.8 % of the corpus's pairs).
MIN_SHARED_KEYS = 2

#: MinHash signature length is ``BANDS * ROWS``; see :func:`band_keys` for the S-curve.
BANDS = 32
ROWS = 1

#: A text with fewer shingles than this gets no signature and no band keys: too little to say
#: what it is about, and it would collide with every letter that contains its few words.
MIN_SHINGLES_TO_INDEX = 8

#: Letter-writing formulas that say nothing about the complaint. Kept short on purpose: every
#: entry is a phrase a clerk would strike out of any letter; anything factual stays.
BOILERPLATE: tuple[str, ...] = (
    "尊敬的各位领导",
    "尊敬的领导",
    "请求领导",
    "恳请领导",
    "希望有关部门",
    "请求有关部门",
    "恳请相关部门",
    "此致敬礼",
    "特此反映",
)

#: Particles and function characters dropped before shingling: they carry no facts, and
#: dropping them lets the content characters around them form the same bigrams in both texts.
STOP_CHARACTERS = frozenset("的了着过吗呢吧啊呀么嘛也都就还和与及把被给是在")

#: Bigrams found in almost every petition, whatever it is about: pronouns and connectives, the
#: vocabulary of asking for help, and the generic parts of organisation names. They would make
#: every pair of petitions look a little alike. (None contains a stop character: those are gone
#: before bigrams are formed.)
_STOP_SHINGLE_WORDS = """
    我们 你们 他们 没有 一直 至今 已经 因为 所以 这个 那个 什么 怎么 这些 自己 一个 多次
    今年 去年 每月 个月 时候 以后 之后 以来 到现 不管 拒绝
    反映 请求 要求 希望 恳请 领导 有关 相关 部门 政府 问题 情况 处理 解决 督促 协调 依法
    查处 帮助 帮忙 调查 诉求 按照 规定 政策 公司 有限 限公 重庆 街道 社区 村委 委会 工作
    管理 单位 负责 人员 责任
"""
STOP_SHINGLES = frozenset(_STOP_SHINGLE_WORDS.split())

_UNIT = re.compile(r"\d+(?:\.\d+)?|[a-z]+|[^\W\d_]")
_YEAR = re.compile(r"(?:19|20)\d\d")
_MASK64 = (1 << 64) - 1
_SIGNATURE_LENGTH = BANDS * ROWS
_EMPTY = _MASK64 + 1  # larger than any 64-bit hash: marks an empty bin
_PERSON = b"xinfang-repeat"  # BLAKE2b personalisation: hashes of this module and no other


def _fold_digit(match: re.Match[str]) -> str:
    ch = match.group()
    return str(unicodedata.decimal(ch)) if ch.isdecimal() else ch


_OTHER_DIGIT = re.compile(r"(?![0-9])\d")


def _fold_digits(text: str) -> str:
    """Map every decimal digit of any script to ASCII (NFKC leaves e.g. Arabic-Indic ones)."""
    if text.isascii() or not _OTHER_DIGIT.search(text):
        return text
    return _OTHER_DIGIT.sub(_fold_digit, text)


def normalise(text: str) -> list[str]:
    """The text as a list of comparable units (see the module docstring)."""
    folded = _fold_digits(unicodedata.normalize("NFKC", text).lower())
    for phrase in BOILERPLATE:
        if phrase in folded:
            folded = folded.replace(phrase, "")
    stop = STOP_CHARACTERS
    return [unit for unit in _UNIT.findall(folded) if unit not in stop]


def shingles(text: str) -> frozenset[str]:
    """The set of unit bigrams of the text, without :data:`STOP_SHINGLES`.

    A number of more than one digit is joined to its neighbour with a separator so that ``1`` +
    ``23`` and ``12`` + ``3`` stay different shingles.
    """
    units = normalise(text)
    grams = {
        f"{a}\x1f{b}" if len(a) > 1 or len(b) > 1 else a + b for a, b in itertools.pairwise(units)
    }
    grams -= STOP_SHINGLES
    # A year alone ("2024年") is shared by every letter of that year; the rest of a date is not.
    years = {g for g in grams if g.endswith("\x1f年") and _YEAR.fullmatch(g[:-2])}
    return frozenset(grams - years) if years else frozenset(grams)


@dataclass(frozen=True, slots=True)
class RepeatMatch:
    """How alike two petition texts are, and whether that is enough to link them.

    ``score`` is the containment of the smaller shingle set in the larger; ``shared_shingles``
    is how many bigrams they have in common; ``jaccard`` is given for the record.
    """

    score: float
    shared_shingles: int
    jaccard: float
    linked: bool


def compare_shingles(a: Set[object], b: Set[object]) -> RepeatMatch:
    """:func:`compare` on shingle sets: shingle a new matter once, not once per candidate."""
    if not a or not b:
        return RepeatMatch(score=0.0, shared_shingles=0, jaccard=0.0, linked=False)
    shared = len(a & b)
    containment = shared / min(len(a), len(b))
    jaccard = shared / (len(a) + len(b) - shared)
    linked = containment >= REPEAT_THRESHOLD and shared >= MIN_SHARED_SHINGLES
    return RepeatMatch(score=containment, shared_shingles=shared, jaccard=jaccard, linked=linked)


def compare(a: str, b: str) -> RepeatMatch:
    """Score two texts and say whether the pair should be shown to the clerk as a likely repeat."""
    return compare_shingles(shingles(a), shingles(b))


def score(a: str, b: str) -> float:
    """Similarity of two petition texts in [0, 1]; symmetric; 1 for a non-empty text and itself."""
    return compare(a, b).score


def is_repeat(a: str, b: str) -> bool:
    """Whether the pair should be linked as a likely repeat (never merged: a clerk decides)."""
    return compare(a, b).linked


def _mix64(x: int) -> int:
    """SplitMix64's finaliser: a fixed, well-mixing permutation of 64-bit integers."""
    x = (x + 0x9E3779B97F4A7C15) & _MASK64
    x = ((x ^ (x >> 30)) * 0xBF58476D1CE4E5B9) & _MASK64
    x = ((x ^ (x >> 27)) * 0x94D049BB133111EB) & _MASK64
    return x ^ (x >> 31)


_PRECOMPUTED_PROBES = 64


def _probe(j: int, attempt: int, length: int) -> int:
    return _mix64(j << 32 | attempt) % length


@functools.cache
def _probe_table(length: int) -> tuple[tuple[int, ...], ...]:
    """The first probes of every bin, computed once per process (they never change)."""
    return tuple(
        tuple(_probe(j, attempt, length) for attempt in range(_PRECOMPUTED_PROBES))
        for j in range(length)
    )


def _densify(bins: list[int]) -> list[int]:
    """Fill empty bins from non-empty ones (optimal densification, Shrivastava 2017).

    An empty bin *j* probes bins in a pseudo-random order that depends only on *j* and the
    attempt number, and takes the first non-empty bin's value. Two texts probe in the same order,
    so every position of the signature still agrees with probability equal to the Jaccard
    similarity; copying a neighbour instead (rotation) would correlate the bands.
    """
    length = len(bins)
    table = _probe_table(length)
    filled = list(bins)
    for j, value in enumerate(bins):
        if value != _EMPTY:
            continue
        for probe in table[j]:
            if bins[probe] != _EMPTY:
                filled[j] = bins[probe]
                break
        else:
            attempt = _PRECOMPUTED_PROBES
            while bins[probe := _probe(j, attempt, length)] == _EMPTY:
                attempt += 1
            filled[j] = bins[probe]
    return filled


#: Shingle hashes computed so far in this process: most bigrams of petitions come from a few
#: thousand characters, and a dictionary look-up costs a tenth of a BLAKE2b call. Cleared when
#: it grows past the bound (about 18 MiB; numbers and Latin words keep the vocabulary open).
_HASHES: dict[str, int] = {}
_HASH_CACHE_BOUND = 1 << 17


def _hash(shingle: str) -> int:
    """The shingle's 64-bit BLAKE2b hash (fixed personalisation; never Python's ``hash()``)."""
    h = _HASHES.get(shingle)
    if h is None:
        if len(_HASHES) >= _HASH_CACHE_BOUND:
            _HASHES.clear()
        h = _HASHES[shingle] = int.from_bytes(
            hashlib.blake2b(shingle.encode(), digest_size=8, person=_PERSON).digest(), "little"
        )
    return h


def shingle_hashes(shingle_set: Collection[str]) -> list[int]:
    """The 64-bit hash of every shingle, in the set's order."""
    get = _HASHES.get
    return [h if (h := get(x)) is not None else _hash(x) for x in shingle_set]


def _signature_of_hashes(hashes: Collection[int]) -> tuple[int, ...]:
    if len(hashes) < MIN_SHINGLES_TO_INDEX:
        return ()
    length = _SIGNATURE_LENGTH
    bins = [_EMPTY] * length
    for h in hashes:
        index = h % length
        value = h // length
        if value < bins[index]:
            bins[index] = value
    return tuple(_densify(bins))


def _signature_of(shingle_set: Collection[str]) -> tuple[int, ...]:
    return _signature_of_hashes(shingle_hashes(shingle_set))


def signature(text: str) -> tuple[int, ...]:
    """The MinHash signature of the text's shingles: ``BANDS * ROWS`` integers.

    A text with fewer than :data:`MIN_SHINGLES_TO_INDEX` shingles has none (``()``).

    Computed by one-permutation hashing: each shingle is hashed once (BLAKE2b, 64 bits, fixed
    personalisation — never Python's per-process ``hash()``); the hash modulo the signature length
    picks a bin and the quotient is the value; each bin keeps its minimum; empty bins are filled by
    densification. Two signatures agree in a position with probability equal to the Jaccard
    similarity of the two shingle sets.
    """
    return _signature_of(shingles(text))


def _keys_of_signature(sig: tuple[int, ...]) -> list[tuple[int, int]]:
    # One row per band: the key is the bin's minimum put back together with its bin number
    # (value * length + bin), a signed 64-bit integer. For a bin that was not densified this
    # is the winning shingle's own hash; a densified bin gets a key of its own.
    length = _SIGNATURE_LENGTH
    half = 1 << 63
    return [
        (band, key - (half << 1) if (key := value * length + band) >= half else key)
        for band, value in enumerate(sig)
    ]


def band_values_of(shingle_set: Collection[str]) -> list[tuple[int, int]]:
    """:func:`band_values` of an already shingled text."""
    return band_values_of_hashes(shingle_hashes(shingle_set))


def band_values_of_hashes(hashes: Collection[int]) -> list[tuple[int, int]]:
    """:func:`band_values` from the text's :func:`shingle_hashes`."""
    sig = _signature_of_hashes(hashes)
    return _keys_of_signature(sig) if sig else []


def band_values(text: str) -> list[tuple[int, int]]:
    """The band keys as ``(band, key)`` with the key a signed 64-bit integer, or none.

    The compact form for a database table (``bigint``); :func:`band_keys` is the same
    information as text.
    """
    return band_values_of(shingles(text))


def place_keys(keys: Collection[int], place: str) -> list[int]:
    """The keys of a text as indexed for one place: each key mixed with the place's hash.

    Repeat detection looks for the same complaint about the same place (the district of
    occurrence): two texts share a placed key when they share the key *and* the place. A fact
    bigram common across the city (a street name, a company) is then common only among the
    matters of its district, so it still tells matters apart.
    """
    salt = int.from_bytes(
        hashlib.blake2b(place.encode(), digest_size=8, person=_PERSON).digest(), "little"
    )
    half = 1 << 63
    placed = []
    for key in keys:
        mixed = _mix64((key & _MASK64) ^ salt)
        placed.append(mixed - (half << 1) if mixed >= half else mixed)
    return placed


#: The place a matter's keys are indexed under: the district (or county, or the municipality)
#: of occurrence, the first six digits of the region code (GB/T 2260).
PLACE_DIGITS = 6


def index_keys(hashes: Collection[int], region_code: str) -> list[int]:
    """The distinct band keys of a text (from its :func:`shingle_hashes`) placed in the
    district of its region code: what the repeat index stores and looks up."""
    plain = dict.fromkeys(key for _band, key in band_values_of_hashes(hashes))
    return place_keys(list(plain), region_code[:PLACE_DIGITS])


def fingerprint(shingle_set: Collection[str]) -> bytes:
    """The shingle set as stored for exact scoring later: the sorted low 32 bits of each
    shingle's hash, little-endian. Two texts' fingerprints intersect exactly where their
    shingles do (a false match between two different bigrams has odds of about 10⁻⁵ per pair
    of letters), so an earlier matter is scored without reading and shingling its text again."""
    return fingerprint_of_hashes(shingle_hashes(shingle_set))


def fingerprint_of_hashes(hashes: Collection[int]) -> bytes:
    """:func:`fingerprint` from the text's :func:`shingle_hashes`."""
    values = sorted({h & 0xFFFFFFFF for h in hashes})
    return struct.pack(f"<{len(values)}I", *values)


def fingerprint_set(data: bytes | memoryview) -> frozenset[int]:
    """The shingle hashes of a stored :func:`fingerprint`, for :func:`compare_shingles`."""
    return frozenset(struct.unpack(f"<{len(data) // 4}I", data))


def fingerprint_of_set(shingle_set: Collection[str]) -> frozenset[int]:
    """What :func:`fingerprint_set` gives back for this shingle set, without the bytes."""
    return frozenset(h & 0xFFFFFFFF for h in shingle_hashes(shingle_set))


def band_keys(text: str) -> list[str]:
    """The keys under which the text is indexed and looked up: one per band, or none.

    Each key is ``"BB-HHHHHHHHHHHHHHHH"``: the band number in two hex digits and the band's 64-bit
    key in sixteen (see :func:`band_values`). Two texts whose shingle sets have Jaccard
    similarity *J* share at least :data:`MIN_SHARED_KEYS` keys with the probability
    :func:`candidate_probability` gives. The index stores them placed in the district of
    occurrence (:func:`place_keys`).

    A text with fewer than :data:`MIN_SHINGLES_TO_INDEX` shingles gets no keys: it would otherwise
    collide with every letter that contains its few words.
    """
    return [f"{band:02x}-{value & _MASK64:016x}" for band, value in band_values(text)]


def candidate_probability(
    jaccard: float, *, bands: int = BANDS, rows: int = ROWS, min_shared: int = MIN_SHARED_KEYS
) -> float:
    """The LSH S-curve: the chance that two texts of this Jaccard similarity share at least
    ``min_shared`` band keys (a binomial tail: each band agrees with probability J ** rows)."""
    p = jaccard**rows
    below = sum(
        math.comb(bands, k) * p**k * (1.0 - p) ** (bands - k)
        for k in range(min(min_shared, bands + 1))
    )
    return max(0.0, min(1.0, 1.0 - below))
