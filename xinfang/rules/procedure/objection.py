"""The checks of an objection to a transfer or assignment (信访工作条例(2022)第二十三条第三款)."""

from __future__ import annotations

from .context import TransitionRefused, _Check


def _check_objection_in_procedure(check: _Check) -> None:
    """The objection step exists only where the profile's regulation provides it."""
    if "objection" not in check.profile.periods:
        raise TransitionRefused(
            "objection_not_in_procedure",
            "本配置所依据的程序法规没有异议程序：收到转送、交办的信访事项，应当在受理期限内决定是否"
            "受理并书面告知信访人（异议程序自《信访工作条例》（2022）施行之日起适用）",
            "the procedure of this profile has no objection step: an organ that receives a "
            "transferred or assigned matter decides within the acceptance period whether to "
            "accept it and tells the petitioner (the objection step applies under the "
            "Regulations on Petition Work (2022))",
            basis=check.profile.basis_for("accept"),
        )


def _check_objection(check: _Check) -> None:
    if not check.context.routed_here:
        raise check.refuse(
            "objection_not_routed",
            "只有收到转送、交办信访事项的机关、单位可以提出异议；信访人直接提出的，按本机关或本系统"
            "职权范围处理",
            "only an organ that received the matter by transfer or assignment may object; a "
            "matter brought to it directly is handled by competence",
            "objection",
        )
    if not check.context.objection_in_time:
        days = check.profile.period("objection").days
        raise check.refuse(
            "late_objection",
            f"异议应当自收到之日起{days}个工作日内提出，已超过期限，应当决定是否受理",
            f"an objection is raised within {days} working days of receipt; that period has "
            "passed, so the organ decides whether to accept the matter",
            "objection",
        )
