"""Repeat-petition detection on text (重复信访): rewordings are linked, look-alikes are not.

Issue 5 acceptance: repeat detection finds rewordings of the same complaint in a test set of at
least 50 pairs with recall ≥ 0.9 and links none of 50 unrelated pairs. Pure tests: no database.
"""

from __future__ import annotations

import ast
import hashlib
import itertools
import os
import subprocess
import sys
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from tests.petitions.repeat_corpus import COMPLAINTS, all_texts, rewording_pairs, unrelated_pairs
from xinfang.petitions import similarity
from xinfang.petitions.similarity import (
    BANDS,
    MIN_SHARED_KEYS,
    MIN_SHINGLES_TO_INDEX,
    REPEAT_THRESHOLD,
    RepeatMatch,
    band_keys,
    band_values,
    candidate_probability,
    compare,
    compare_shingles,
    is_repeat,
    normalise,
    score,
    shingles,
    signature,
)

SAMPLE = (
    "渝北区回兴街道重庆顺达仓储物流有限公司于2024年8月突然停业，拖欠我们9名仓库装卸工三个月工资，"
    "合计约12万元。"
)


# ---- the corpus itself ---------------------------------------------------------------------


def test_the_corpus_has_enough_rewording_and_unrelated_pairs():
    assert len(rewording_pairs()) >= 60
    assert len(unrelated_pairs()) >= 60


def test_the_corpus_has_hard_look_alikes_of_the_same_category_and_district():
    by_key = {complaint.key: complaint for complaint in COMPLAINTS}
    hard = [
        (a, b)
        for a, b, _, _ in unrelated_pairs()
        if by_key[a].category == by_key[b].category and by_key[a].district == by_key[b].district
    ]
    assert len(hard) >= 20
    assert ("wage-yubei-hengfeng", "wage-yubei-jincheng") in hard
    assert ("demolition-nanan-danzishi", "demolition-nanan-nanping-shop") in hard


def test_corpus_texts_are_between_60_and_400_characters():
    assert all(60 <= len(text) <= 400 for _, text in all_texts())


# ---- acceptance ----------------------------------------------------------------------------


def test_rewordings_of_the_same_complaint_are_linked_with_recall_of_at_least_0_9():
    pairs = rewording_pairs()
    missed = [key for key, first, second in pairs if not is_repeat(first, second)]
    recall = 1 - len(missed) / len(pairs)
    assert recall >= 0.9, missed


def test_unrelated_pairs_including_look_alikes_are_never_linked():
    linked = [(a, b) for a, b, first, second in unrelated_pairs() if is_repeat(first, second)]
    assert linked == []


def test_no_two_versions_of_different_complaints_in_the_corpus_are_linked():
    texts = [(key, shingles(text)) for key, text in all_texts()]
    linked = [
        (key_a, key_b)
        for (key_a, a), (key_b, b) in itertools.combinations(texts, 2)
        if key_a != key_b and compare_shingles(a, b).linked
    ]
    assert linked == []


def test_rewordings_share_enough_band_keys_with_candidate_recall_of_at_least_0_9():
    keys = {text: set(band_keys(text)) for _, text in all_texts()}
    linked = [(first, second) for _, first, second in rewording_pairs() if is_repeat(first, second)]
    candidates = [pair for pair in linked if len(keys[pair[0]] & keys[pair[1]]) >= MIN_SHARED_KEYS]
    assert len(candidates) / len(linked) >= 0.9


def test_different_complaints_rarely_share_enough_band_keys_to_be_candidates():
    """The share of the archive read and scored per registration stays small."""
    keys = [(key, set(band_keys(text))) for key, text in all_texts()]
    pairs = [(a, b) for (ka, a), (kb, b) in itertools.combinations(keys, 2) if ka != kb]
    shared = sum(1 for a, b in pairs if len(a & b) >= MIN_SHARED_KEYS)
    assert shared / len(pairs) < 0.03


# ---- the score -----------------------------------------------------------------------------


def test_a_shortened_resubmission_scores_as_contained_in_the_full_letter():
    full, _, short = next(c for c in COMPLAINTS if c.key == "demolition-nanan-danzishi").versions
    match = compare(full, short)
    assert match.score >= REPEAT_THRESHOLD
    assert match.score > match.jaccard
    assert match.linked


def test_compare_reports_score_shared_shingles_and_link():
    match = compare(SAMPLE, SAMPLE)
    assert match == RepeatMatch(
        score=1.0, shared_shingles=len(shingles(SAMPLE)), jaccard=1.0, linked=True
    )
    assert score(SAMPLE, SAMPLE) == 1.0
    assert is_repeat(SAMPLE, SAMPLE)


def test_a_short_note_inside_a_letter_is_not_linked_without_enough_shared_bigrams():
    """A note fully contained in a letter still needs enough shared bigrams to be linked."""
    note = "9名仓库装卸工"
    assert score(note, SAMPLE) == 1.0
    assert not is_repeat(note, SAMPLE)


# ---- normalisation -------------------------------------------------------------------------


def test_normalisation_folds_full_width_letters_digits_and_punctuation():
    assert normalise("ＡＢＣ公司１２３元，重庆！") == normalise("ABC公司123元,重庆!")
    assert normalise("ＡＢＣ公司１２３元，重庆！") == ["abc", "公", "司", "123", "元", "重", "庆"]


def test_full_width_and_half_width_versions_of_a_letter_are_the_same_text():
    full_width = SAMPLE.replace("2024", "２０２４").replace("12", "１２").replace("，", ", ")
    assert shingles(full_width) == shingles(SAMPLE)
    assert band_keys(full_width) == band_keys(SAMPLE)


def test_digits_of_any_script_fold_to_ascii_and_a_number_is_one_unit():
    assert normalise("欠款٤٧.٦万元") == ["欠", "款", "47.6", "万", "元"]
    assert normalise("2024年5月12日") == ["2024", "年", "5", "月", "12", "日"]


def test_whitespace_particles_and_letter_formulas_are_ignored():
    plain = "房屋被强拆"
    assert normalise("尊敬的领导：\n 房屋 被 强拆了！此致敬礼") == normalise(plain)


def test_a_year_alone_is_not_a_shared_fact():
    assert not any("2024" in shingle and "年" in shingle for shingle in shingles("2024年停业"))


# ---- short and empty texts -----------------------------------------------------------------


def test_empty_and_very_short_texts_do_not_crash_and_are_not_indexed():
    for text in ("", " ", "。。。", "欠薪", "你好，请帮忙"):
        assert signature(text) == ()
        assert band_keys(text) == []
        assert band_values(text) == []
        assert score(text, text) in (0.0, 1.0)
        assert score(text, SAMPLE) <= 1.0
    assert score("", "") == 0.0
    assert not is_repeat("", "")


def test_a_very_short_text_is_linked_to_nothing_in_the_corpus():
    for text in ("拖欠工资", "房屋征收补偿", "请求领导帮忙解决"):
        assert not any(is_repeat(text, other) for _, other in all_texts())


# ---- MinHash and band keys -----------------------------------------------------------------


def test_band_keys_are_fixed_strings_one_per_band():
    keys = band_keys(SAMPLE)
    assert len(keys) == BANDS
    assert keys[:2] == ["00-75b632e83f3009a0", "01-5b620cdd2d5dcd81"]
    assert keys[-1] == "1f-2698bbe89c365fdf"
    digest = hashlib.sha256("\n".join(keys).encode()).hexdigest()
    assert digest == "b4c678ec8908afff3a24ad0b17c4de7fc4260fff662d4bd450bbb1418ad9c58d"


def test_band_keys_do_not_depend_on_the_process_hash_seed():
    program = (
        "from xinfang.petitions.similarity import band_keys;"
        f"print('\\n'.join(band_keys({SAMPLE!r})))"
    )
    root = Path(__file__).resolve().parents[2]
    outputs = {
        subprocess.run(
            [sys.executable, "-c", program],
            capture_output=True,
            text=True,
            check=True,
            cwd=root,
            env={**os.environ, "PYTHONHASHSEED": seed},
        ).stdout
        for seed in ("0", "1", "12345")
    }
    assert outputs == {"\n".join(band_keys(SAMPLE)) + "\n"}


def test_band_values_are_the_band_keys_as_signed_64_bit_integers():
    values = band_values(SAMPLE)
    assert [band for band, _ in values] == list(range(BANDS))
    assert all(-(2**63) <= value < 2**63 for _, value in values)
    assert [f"{band:02x}-{value % 2**64:016x}" for band, value in values] == band_keys(SAMPLE)


def test_signature_agreement_estimates_the_jaccard_similarity():
    errors = []
    for _, first, second in rewording_pairs():
        a, b = signature(first), signature(second)
        agreement = sum(x == y for x, y in zip(a, b, strict=True)) / len(a)
        errors.append(abs(agreement - compare(first, second).jaccard))
    # 32 positions: the standard error at J = 0.2 is sqrt(0.2 * 0.8 / 32) = 0.07, so the mean
    # absolute error of an unbiased estimate is about 0.05.
    assert sum(errors) / len(errors) < 0.06


def test_texts_with_enough_shingles_are_indexed():
    assert all(
        len(band_keys(text)) == BANDS
        for _, text in all_texts()
        if len(shingles(text)) >= MIN_SHINGLES_TO_INDEX
    )


def test_the_s_curve_finds_similar_pairs_and_rarely_dissimilar_ones():
    assert candidate_probability(0.2) >= 0.99
    assert candidate_probability(0.15) >= 0.95
    assert candidate_probability(0.02) <= 0.14
    assert candidate_probability(0.003) <= 0.005  # unrelated petitions, on average
    assert candidate_probability(0.0) == 0.0
    assert candidate_probability(1.0) == 1.0


def test_the_module_uses_only_the_standard_library():
    tree = ast.parse(Path(similarity.__file__).read_text(encoding="utf-8"))
    imported = {
        name.split(".")[0]
        for node in ast.walk(tree)
        if isinstance(node, ast.Import | ast.ImportFrom)
        for name in (
            [alias.name for alias in node.names]
            if isinstance(node, ast.Import)
            else [node.module or ""]
        )
    }
    assert imported <= set(sys.stdlib_module_names) | {"__future__"}


# ---- properties ----------------------------------------------------------------------------

PETITION_ALPHABET = st.sampled_from(
    list("渝北区欠薪工资拖公司房屋征收补偿物业电梯学校医院村民土地万元年月日")
    + list("0123456789０１２３ＡＢabc，。！？、 \n")
)
texts = st.one_of(st.text(), st.text(alphabet=PETITION_ALPHABET, max_size=120))


@given(texts, texts)
def test_score_is_symmetric_and_between_0_and_1(a, b):
    assert score(a, b) == score(b, a)
    assert 0.0 <= score(a, b) <= 1.0
    assert is_repeat(a, b) == is_repeat(b, a)


@given(texts)
def test_a_text_scores_1_against_itself_when_it_has_any_shingle(text):
    assert score(text, text) == (1.0 if shingles(text) else 0.0)


@given(texts)
def test_band_keys_are_all_or_nothing(text):
    assert len(band_keys(text)) in (0, BANDS)
