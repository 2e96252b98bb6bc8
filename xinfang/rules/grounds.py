"""Art. 11 ¶1 of the rules: the nine grounds of accountability, their thresholds, and the
data signals that suggest each (lead detection uses them; a signal is a lead, never a finding).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from .basis import Basis, rules


class Signal(StrEnum):
    """Facts the system can see in its own data that may point at a ground."""

    NO_RISK_ASSESSMENT = "no_risk_assessment"  # 重大决策未做社会稳定风险评估
    DECISION_CAUSED_PETITIONS = "decision_caused_petitions"  # 决策引发集中信访
    ROUTE_OVERDUE = "route_overdue"  # 未在期限内转送、交办
    ACCEPT_OVERDUE = "accept_overdue"  # 未在期限内决定是否受理
    HANDLE_OVERDUE = "handle_overdue"  # 未在期限内办结
    REVIEW_OVERDUE = "review_overdue"  # 复查、复核超期
    SUPERVISION_UNANSWERED = "supervision_unanswered"  # 督办未按期反馈
    OPINION_NOT_EXECUTED = "opinion_not_executed"  # 处理意见未执行
    INSTRUCTION_NOT_REPORTED = "instruction_not_reported"  # 领导批示、交办事项未按期报告
    REPEAT_PETITIONS = "repeat_petitions"  # 同一诉求重复信访
    ATTITUDE_COMPLAINT = "attitude_complaint"  # 对态度恶劣、简单粗暴的投诉
    PASSED_BACK_AND_FORTH = "passed_back_and_forth"  # 多次转办、推诿
    OVERTURNED_ON_REVIEW = "overturned_on_review"  # 不予受理、不支持后经复查复核支持
    REPEATED_DISSATISFACTION = "repeated_dissatisfaction"  # 同一事项多次不满意评价
    INCIDENT_ESCALATED = "incident_escalated"  # 集体访、负面舆情、极端事件事态扩大
    RECOMMENDATION_IGNORED = "recommendation_ignored"  # 信访部门建议逾期未落实
    RECORD_ALTERED = "record_altered"  # 台账、数据被改动或与事实不符
    SATISFACTION_DISPUTED = "satisfaction_disputed"  # 满意度评价与信访人陈述不符
    INCIDENT_REPORTED_LATE = "incident_reported_late"  # 重大紧急事项、事件迟报
    INCIDENT_NOT_REPORTED = "incident_not_reported"  # 重大紧急事项未报告
    DISCLOSURE_TO_ACCUSED = "disclosure_to_accused"  # 检举控告材料或信息到达被检举控告人
    RETALIATION_REPORTED = "retaliation_reported"  # 信访人反映遭打击报复


@dataclass(frozen=True, slots=True)
class Ground:
    """One clause of 细则第十一条第一款."""

    number: int
    text_zh: str
    summary_en: str
    threshold_zh: str
    threshold_en: str
    signals: tuple[Signal, ...]

    @property
    def basis(self) -> Basis:
        return rules(11, 1, self.number)


S = Signal

GROUNDS: tuple[Ground, ...] = (
    Ground(
        1,
        "因决策失误、工作失职，或者未按规定实施社会稳定风险评估，损害群众利益，导致信访问题产生，造成严重后果的",
        "a wrong decision, dereliction, or a missing stability risk assessment harmed the "
        "public and caused petitions",
        "造成严重后果",
        "serious consequences",
        (S.NO_RISK_ASSESSMENT, S.DECISION_CAUSED_PETITIONS),
    ),
    Ground(
        2,
        "未按照规定受理、交办、转送、处理和督办信访事项，或者不执行信访事项处理意见，严重损害信访群众合法权益的",
        "matters not accepted, assigned, transferred, handled or supervised as required, or "
        "handling opinions not executed",
        "严重损害信访群众合法权益",
        "serious harm to petitioners' lawful rights",
        (
            S.ROUTE_OVERDUE,
            S.ACCEPT_OVERDUE,
            S.HANDLE_OVERDUE,
            S.REVIEW_OVERDUE,
            S.SUPERVISION_UNANSWERED,
            S.OPINION_NOT_EXECUTED,
            S.INSTRUCTION_NOT_REPORTED,
        ),
    ),
    Ground(
        3,
        "违反群众纪律，对应当解决的群众合理合法诉求消极应付、推诿扯皮，或者对待信访群众态度恶劣、简单粗暴，损害党群干群关系，造成严重后果的",
        "breach of discipline towards the public: passivity, buck-passing, or rude treatment "
        "of petitioners",
        "造成严重后果",
        "serious consequences",
        (
            S.REPEAT_PETITIONS,
            S.ATTITUDE_COMPLAINT,
            S.PASSED_BACK_AND_FORTH,
            S.OVERTURNED_ON_REVIEW,
            S.REPEATED_DISSATISFACTION,
        ),
    ),
    Ground(
        4,
        "对发生的集体访、信访负面舆情或者因信访问题引发的个人极端事件处置不力，导致事态扩大，造成不良影响的",
        "collective visits, negative public opinion or extreme incidents handled poorly so "
        "that they grew",
        "导致事态扩大，造成不良影响",
        "the situation grew and had an adverse impact",
        (S.INCIDENT_ESCALATED,),
    ),
    Ground(
        5,
        "对信访部门提出的改进工作、完善政策和给予处分等建议重视不够、落实不力，导致问题长期得不到解决的",
        "the petition office's recommendations neglected so that problems stayed unsolved",
        "导致问题长期得不到解决",
        "problems left unsolved for a long time",
        (S.RECOMMENDATION_IGNORED,),
    ),
    Ground(
        6,
        "在信访工作或者信访事项办理过程中，弄虚作假、欺上瞒下，损害群众利益的",
        "falsification or deception in petition work",
        "损害群众利益",
        "harm to the public's interests",
        (S.RECORD_ALTERED, S.SATISFACTION_DISPUTED),
    ),
    Ground(
        7,
        "对可能造成社会影响的重大、紧急信访事项和信访信息，隐瞒、谎报、缓报，或者授意他人隐瞒、谎报、缓报，造成严重后果的",
        "major or urgent matters concealed, misreported or reported late",
        "造成严重后果",
        "serious consequences",
        (S.INCIDENT_REPORTED_LATE, S.INCIDENT_NOT_REPORTED),
    ),
    Ground(
        8,
        "违反规定将信访群众揭发控告材料或者有关情况透露、转给被揭发控告人或单位，造成信访群众被打击、报复、陷害的",
        "accusation materials disclosed to the accused, leading to retaliation",
        "造成信访群众被打击、报复、陷害",
        "the petitioner suffered retaliation or frame-up",
        (S.DISCLOSURE_TO_ACCUSED, S.RETALIATION_REPORTED),
    ),
    Ground(
        9,
        "其他应当追究责任的失职失责情形",
        "other failures of duty that call for accountability",
        "由有管理权限的党政机关认定",
        "to be established by the managing authority",
        (),
    ),
)


def ground(number: int) -> Ground:
    """The ground with this number (1–9), or ``ValueError``."""
    if not 1 <= number <= len(GROUNDS):
        raise ValueError(f"the grounds of 细则第十一条 run from 1 to 9, not {number}")
    return GROUNDS[number - 1]


def grounds_suggested_by(signals: Iterable[Signal | str]) -> tuple[Ground, ...]:
    """The grounds any of ``signals`` suggests, in the order of the article."""
    seen = {Signal(s) for s in signals}
    return tuple(g for g in GROUNDS if seen.intersection(g.signals))
