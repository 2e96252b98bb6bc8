"""ID numbers are checked by GB 11643; identity values are masked by default."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from xinfang.access.identity import (
    id_check_char,
    mask_address,
    mask_id_number,
    mask_name,
    mask_phone,
    normalise_phone,
    validate_id_number,
    validate_phone,
)


def test_known_valid_number_passes_and_is_normalised():
    # The example number of GB 11643-1999, with a lower-case x and spaces.
    assert validate_id_number(" 11010519491231002x ") == "11010519491231002X"


@pytest.mark.parametrize(
    ("number", "code"),
    [
        ("1101051949123100", "id_number_length"),
        ("110105194912310021", "id_number_check_digit"),
        ("11010519491331002X", "id_number_birth_date"),
        ("110105189912310027", "id_number_birth_date"),
        ("01010519491231002X", "id_number_format"),
        ("1101051949123100AX", "id_number_format"),
    ],
)
def test_invalid_numbers_are_refused_with_a_reason(number, code):
    with pytest.raises(ValidationError) as info:
        validate_id_number(number)
    assert info.value.code == code


def test_birth_date_in_the_future_is_refused():
    first17 = "50010320990101001"
    with pytest.raises(ValidationError):
        validate_id_number(first17 + id_check_char(first17), today=date(2026, 1, 1))


@given(
    region=st.integers(110000, 659999),
    birth=st.dates(min_value=date(1900, 1, 1), max_value=date(2020, 12, 31)),
    serial=st.integers(0, 999),
)
def test_every_number_with_its_check_digit_validates(region, birth, serial):
    first17 = f"{region}{birth:%Y%m%d}{serial:03d}"
    number = first17 + id_check_char(first17)
    assert validate_id_number(number) == number
    wrong = next(c for c in "0123456789X" if c != number[-1])
    with pytest.raises(ValidationError):
        validate_id_number(first17 + wrong)


def test_error_messages_are_chinese_source_text():
    with pytest.raises(ValidationError) as info:
        validate_id_number("123")
    assert "18 位" in info.value.messages[0]


@pytest.mark.parametrize(
    ("raw", "normal"),
    [
        ("138 0013 8000", "13800138000"),
        ("+86 138-0013-8000", "13800138000"),
        ("0086 13800138000", "13800138000"),
        ("(023) 6380 0003", "02363800003"),
        ("１３８００１３８０００", "13800138000"),
    ],
)
def test_phone_numbers_are_normalised(raw, normal):
    assert normalise_phone(raw) == normal
    assert validate_phone(raw) == normal


@pytest.mark.parametrize("raw", ["12", "abc13800138000", "12012345678"])
def test_bad_phone_numbers_are_refused(raw):
    with pytest.raises(ValidationError):
        validate_phone(raw)


def test_masks():
    assert mask_name("张三丰") == "张**"
    assert mask_name("李四") == "李*"
    assert mask_id_number("500101199001011234") == "5001**********1234"
    assert mask_phone("13856785678") == "138****5678"
    assert mask_phone("02363800003") == "023****0003"
    assert mask_address("重庆市渝中区解放碑街道民族路1号") == "重庆市渝中区****"
    assert mask_name("") == mask_id_number("") == mask_phone("") == mask_address("") == ""
