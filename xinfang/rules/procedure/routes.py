"""Where a request goes instead of the petition procedure: legal routes and other bodies."""

from __future__ import annotations

from enum import StrEnum


class LegalRoute(StrEnum):
    """Statutory routes that take precedence over petition handling (诉讼与信访分离, 细则第六条):
    the procedures a department's classified handling list names for a request (细则第五条;
    信访工作条例(2022)第三十一条). Accusations go to the discipline bodies, not by route-out."""

    LITIGATION = "litigation"  # 诉讼
    ARBITRATION = "arbitration"  # 仲裁
    ADMINISTRATIVE_RECONSIDERATION = "administrative_reconsideration"  # 行政复议
    ADMINISTRATIVE_ADJUDICATION = "administrative_adjudication"  # 行政裁决
    ADMINISTRATIVE_CONFIRMATION = "administrative_confirmation"  # 行政确认
    ADMINISTRATIVE_LICENSING = "administrative_licensing"  # 行政许可
    ADMINISTRATIVE_PENALTY = "administrative_penalty"  # 行政处罚
    PARTY_MEMBER_APPEAL = "party_member_appeal"  # 党员申诉


#: Each route's name, Chinese and English, as refusals say it.
ROUTE_NAMES: dict[LegalRoute, tuple[str, str]] = {
    LegalRoute.LITIGATION: ("诉讼", "litigation"),
    LegalRoute.ARBITRATION: ("仲裁", "arbitration"),
    LegalRoute.ADMINISTRATIVE_RECONSIDERATION: ("行政复议", "administrative reconsideration"),
    LegalRoute.ADMINISTRATIVE_ADJUDICATION: ("行政裁决", "administrative adjudication"),
    LegalRoute.ADMINISTRATIVE_CONFIRMATION: ("行政确认", "administrative confirmation"),
    LegalRoute.ADMINISTRATIVE_LICENSING: ("行政许可", "administrative licensing"),
    LegalRoute.ADMINISTRATIVE_PENALTY: ("行政处罚", "administrative penalty"),
    LegalRoute.PARTY_MEMBER_APPEAL: ("党员申诉", "a party member's appeal"),
}


class OtherOrgan(StrEnum):
    """Bodies whose matters are sent to them (信访条例(2005)第十五条)."""

    PEOPLES_CONGRESS = "peoples_congress"  # 人民代表大会及其常务委员会
    COURT = "court"  # 人民法院
    PROCURATORATE = "procuratorate"  # 人民检察院


#: Each body's name, Chinese and English, as refusals say it.
OTHER_ORGAN_NAMES: dict[OtherOrgan, tuple[str, str]] = {
    OtherOrgan.PEOPLES_CONGRESS: ("人民代表大会及其常务委员会", "people's congress"),
    OtherOrgan.COURT: ("人民法院", "people's court"),
    OtherOrgan.PROCURATORATE: ("人民检察院", "people's procuratorate"),
}
