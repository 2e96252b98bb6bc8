"""The checks of an extension of the handling period and of its approval."""

from __future__ import annotations

from collections.abc import Collection
from enum import StrEnum

from ..profiles import Profile
from .context import TransitionRefused, _Check


def _check_extension(check: _Check) -> int:
    handle = check.profile.period("handle")
    days = check.context.extension_days
    if days is None or days <= 0:
        raise TransitionRefused(
            "extension_days_required",
            "延期须写明延长天数",
            "an extension states its number of days",
            basis=handle.extension_source,
        )
    if check.context.handling_expired:
        # An extension lengthens a running period for a complex matter; once the period has
        # run out the matter is overdue, and approving time afterwards would hide that.
        raise TransitionRefused(
            "extension_after_expiry",
            "办理期限已届满，不能再延期：延期须在办理期限内报经本机关负责人批准",
            "the handling period has already run out; an extension is approved before it ends",
            basis=handle.extension_source,
        )
    if days > handle.extension_limit:
        raise TransitionRefused(
            "extension_limit",
            f"延长期限不得超过{handle.extension_limit}日",
            f"an extension of {days} days exceeds the limit of {handle.extension_limit}",
            basis=handle.extension_source,
        )
    return days


#: The positions whose holder is a responsible person (负责人) of the organ and approves the
#: extension of its handling period: the principal leader and the supervising (deputy) leaders.
#: Other members of the leadership team and staff do not.
EXTENSION_APPROVER_POSITIONS = frozenset({"principal_leader", "supervising_leader"})


class ExtensionApproval(StrEnum):
    """How an extension of the handling period was approved."""

    LEADER = "leader"  # a responsible person of the organ approved it in the system
    DOCUMENT = "document"  # approved on paper; the approval document's reference is recorded


def check_extension_approval(
    *, profile: Profile, approver_positions: Collection[str], document_ref: str = ""
) -> ExtensionApproval:
    """Whether an extension is approved as the law asks, and how.

    The handling period is extended only with the approval of the handling organ's responsible
    person (信访条例(2005)第三十三条: 经本行政机关负责人批准; 信访工作条例(2022)第三十四条:
    经本机关、单位负责人批准; the article is the profile's). ``approver_positions`` are the kinds of
    position the approving person holds in the handling organ that day; a responsible person
    approves in person. Otherwise the approval was given on paper, and its document's reference
    (批准文件文号) is what records it. Refused (``extension_approver``) with neither.
    """
    if EXTENSION_APPROVER_POSITIONS & set(approver_positions):
        return ExtensionApproval.LEADER
    if document_ref.strip():
        return ExtensionApproval.DOCUMENT
    raise TransitionRefused(
        "extension_approver",
        "延期须经本机关负责人（主要负责人或分管负责人）批准；书面批准的，须登记批准文件文号",
        "an extension is approved by a responsible person of the handling organ (its principal "
        "or a supervising leader); an approval given on paper is recorded with its document "
        "reference",
        basis=profile.period("handle").extension_source,
    )
