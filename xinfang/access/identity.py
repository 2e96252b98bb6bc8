"""Identity values of petitioners: normalisation, validation and masking.

Pure functions apart from gettext: the ID number check follows GB 11643-1999 (公民身份号码),
the masks follow common practice for government systems (张**, 5001**********1234,
138****5678) so pages and API show enough to tell people apart and no more.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK_CHARS = "10X98765432"
ID_RE = re.compile(r"^[1-9]\d{16}[\dX]$")
EARLIEST_BIRTH = date(1900, 1, 1)

PHONE_MIN_DIGITS = 7
PHONE_MAX_DIGITS = 15


def normalise_id_number(value: str) -> str:
    """Full-width to half-width, no spaces, upper-case X."""
    text = unicodedata.normalize("NFKC", value or "")
    return re.sub(r"\s+", "", text).upper()


def id_check_char(first17: str) -> str:
    """The GB 11643 check character of the first 17 digits."""
    total = sum(int(digit) * weight for digit, weight in zip(first17, ID_WEIGHTS, strict=True))
    return ID_CHECK_CHARS[total % 11]


def validate_id_number(value: str, *, today: date | None = None) -> str:
    """Return the normalised 18-character ID number or raise ``ValidationError``."""
    number = normalise_id_number(value)
    if len(number) != 18:
        raise ValidationError(_("公民身份号码应为 18 位。"), code="id_number_length")
    if not ID_RE.match(number):
        raise ValidationError(
            _("公民身份号码前 17 位应为数字，最后一位为数字或 X。"), code="id_number_format"
        )
    try:
        birth = date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        raise ValidationError(
            _("公民身份号码中的出生日期无效。"), code="id_number_birth_date"
        ) from None
    if birth < EARLIEST_BIRTH or birth > (today or date.today()):
        raise ValidationError(_("公民身份号码中的出生日期无效。"), code="id_number_birth_date")
    if id_check_char(number[:17]) != number[17]:
        raise ValidationError(
            _("公民身份号码校验码错误（GB 11643）。"), code="id_number_check_digit"
        )
    return number


def normalise_phone(value: str) -> str:
    """Digits only, without a +86 / 0086 country prefix."""
    digits = re.sub(r"\D", "", unicodedata.normalize("NFKC", value or ""))
    if digits.startswith("0086"):
        digits = digits[4:]
    elif digits.startswith("86") and len(digits) == 13:
        digits = digits[2:]
    return digits


def validate_phone(value: str) -> str:
    """Return the normalised phone number or raise ``ValidationError``."""
    text = unicodedata.normalize("NFKC", value or "").strip()
    if not re.fullmatch(r"[+\d\s()\-]*", text):
        raise ValidationError(
            _("电话号码只能包含数字、空格、括号、加号和连字符。"), code="phone_format"
        )
    digits = normalise_phone(text)
    if not PHONE_MIN_DIGITS <= len(digits) <= PHONE_MAX_DIGITS:
        raise ValidationError(_("电话号码应为 7 至 15 位数字。"), code="phone_length")
    if len(digits) == 11 and digits.startswith("1") and digits[1] not in "3456789":
        raise ValidationError(_("手机号码无效。"), code="phone_mobile")
    return digits


def mask_name(name: str) -> str:
    """Keep the first character (the surname, as a rule): 张三丰 → 张**."""
    if not name:
        return ""
    if len(name) == 1:
        return "*"
    return name[0] + "*" * (len(name) - 1)


def mask_id_number(number: str) -> str:
    """Region prefix and last four: 500101199001011234 → 5001**********1234."""
    if not number:
        return ""
    if len(number) <= 8:
        return "*" * len(number)
    return number[:4] + "*" * (len(number) - 8) + number[-4:]


def mask_phone(phone: str) -> str:
    """Mobile 13812345678 → 138****5678; other numbers keep only the last four digits."""
    if not phone:
        return ""
    if len(phone) == 11:
        return phone[:3] + "****" + phone[-4:]
    if len(phone) <= 4:
        return "*" * len(phone)
    return "*" * (len(phone) - 4) + phone[-4:]


def mask_address(address: str) -> str:
    """At most the first six characters (city and district) and a fixed mask."""
    if not address:
        return ""
    keep = min(6, len(address) // 2)
    return address[:keep] + "****"
