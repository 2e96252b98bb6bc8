"""Intake: registration by a petition office, direct receipt by a handling organ, batches.

Registration (登记, 细则第八条第一项) starts the routing period from the day the matter was
received; direct receipt by the competent organ starts the acceptance period. Both look for
repeats and store the text's band keys in the same transaction.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from xinfang.access.models import Accusation
from xinfang.audit.services import audit_record_many
from xinfang.orgs.models import Organ, Person
from xinfang.petitions import similarity
from xinfang.petitions.models import Petitioner
from xinfang.petitions.services import petitioner_create_batch
from xinfang.rules.calendar import WorkCalendar
from xinfang.rules.deadlines import Deadline
from xinfang.rules.procedure import Action, Actor, Decision, TransitionContext
from xinfang.rules.profiles import Profile, profile_in_force

from ..choices import Channel, LegalRoute, MatterState, OtherOrgan, RepeatReason
from ..models import Category, Matter, MatterClock, MatterEvent, RepeatLink
from ..repeats import (
    CONTENT_CANDIDATE_LIMIT,
    SAME_PETITIONER_LIMIT,
    IndexedText,
    Probe,
    RepeatCandidate,
    candidate_ids_many,
    candidate_texts,
    index_text,
    matter_text,
    repeat_links,
    score_candidates,
    store_index,
    store_repeats,
)
from .common import (
    Step,
    acceptability,
    act_time,
    apply_decision,
    assert_not_accused,
    assert_user_may_act,
    build_event,
    decide,
    matter_calendar,
    record,
)

QUERY_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I
QUERY_CODE_LENGTH = 16  # 80 bits
SUMMARY_MAX = 300
CONTENT_MAX = 20_000


def new_query_code() -> str:
    """A random query code for the petitioner (80 bits, unambiguous letters and digits)."""
    # 80 random bits, five per letter of a 32-letter alphabet: uniform, one system call.
    bits = int.from_bytes(secrets.token_bytes(QUERY_CODE_LENGTH * 5 // 8), "big")
    return "".join(QUERY_CODE_ALPHABET[(bits >> (5 * i)) & 31] for i in range(QUERY_CODE_LENGTH))


def _clean_intake(
    *,
    channel: str,
    summary: str,
    content: str,
    region_code: str,
    received_at: dt.datetime,
    at: dt.datetime,
    is_collective: bool,
    headcount: int | None,
    representatives: int | None,
    legal_route: str,
    other_organ: str,
) -> dict[str, Any]:
    errors: dict[str, ValidationError] = {}
    summary = (summary or "").strip()
    content = (content or "").strip()
    region_code = (region_code or "").strip()
    if channel not in Channel.values:
        errors["channel"] = ValidationError(_("未知的信访形式。"), code="invalid_choice")
    if not summary:
        errors["summary"] = ValidationError(_("请填写摘要。"), code="required")
    elif len(summary) > SUMMARY_MAX:
        errors["summary"] = ValidationError(_("摘要不能超过 300 个字符。"), code="max_length")
    if not content:
        errors["content"] = ValidationError(_("请填写信访内容。"), code="required")
    elif len(content) > CONTENT_MAX:
        errors["content"] = ValidationError(_("信访内容过长。"), code="max_length")
    if not (region_code.isdigit() and len(region_code) in (6, 9, 12)):
        errors["region_code"] = ValidationError(
            _("问题发生地应为 6、9 或 12 位行政区划代码。"), code="bad_region_code"
        )
    if timezone.is_naive(received_at):
        errors["received_at"] = ValidationError(_("收到时间须带时区。"), code="naive")
    elif received_at > at:
        errors["received_at"] = ValidationError(_("收到时间不能晚于登记时间。"), code="future")
    if is_collective:
        if headcount is None or headcount < 2:
            errors["headcount"] = ValidationError(
                _("集体访须填写人数（至少 2 人）。"), code="required"
            )
        elif representatives is not None and representatives > headcount:
            errors["representatives"] = ValidationError(
                _("代表人数不能超过到访人数。"), code="too_many"
            )
        if representatives is not None and representatives < 1:
            errors["representatives"] = ValidationError(_("代表人数至少 1 人。"), code="min")
    elif headcount is not None or representatives is not None:
        errors["is_collective"] = ValidationError(
            _("只有集体访填写人数和代表人数。"), code="not_collective"
        )
    if is_collective and channel != Channel.VISIT:
        errors["channel"] = ValidationError(_("集体访的形式应为来访。"), code="collective_visit")
    if legal_route and legal_route not in LegalRoute.values:
        errors["legal_route"] = ValidationError(_("未知的法定途径。"), code="invalid_choice")
    if other_organ and other_organ not in OtherOrgan.values:
        errors["other_organ"] = ValidationError(_("未知的机关类别。"), code="invalid_choice")
    if errors:
        raise ValidationError(errors)
    return {"summary": summary, "content": content, "region_code": region_code}


@dataclass
class _Intake:
    """One validated intake, ready to be written: the matter, its decision and clocks, its
    text's shingles and band keys, and what the batch finds about repeats."""

    index: int
    action: Action
    organ: Organ
    matter: Matter
    profile: Profile
    role: Actor
    decision: Decision
    moment: dt.datetime
    today: dt.date
    received_on: dt.date
    text: str
    indexed: IndexedText
    petitioner: Petitioner | int | None
    identity: Mapping[str, str] | None
    accused_organs: Sequence[Organ]
    accused_persons: Sequence[Person]
    step: Step | None = None
    candidates: list[RepeatCandidate] = field(default_factory=list)
    local: list[tuple[int, float, bool, bool]] = field(default_factory=list)


@dataclass
class _BatchCache:
    """What a batch computes once: the calendar, profiles by day, deadlines."""

    calendar: WorkCalendar
    profiles: dict[dt.date, Profile] = field(default_factory=dict)
    deadlines: dict[tuple[Any, ...], Deadline] = field(default_factory=dict)

    def profile(self, day: dt.date) -> Profile:
        found = self.profiles.get(day)
        if found is None:
            found = self.profiles[day] = profile_in_force(day)
        return found


def _prepare(
    *,
    index: int,
    action: Action,
    cache: _BatchCache,
    organ: Organ,
    actor: Any,
    channel: str,
    received_at: dt.datetime,
    summary: str,
    content: str,
    region_code: str,
    category: Category | None = None,
    petitioner: Petitioner | int | None = None,
    identity: Mapping[str, str] | None = None,
    is_collective: bool = False,
    headcount: int | None = None,
    representatives: int | None = None,
    may_be_public: bool = False,
    accused_organs: Sequence[Organ] = (),
    accused_persons: Sequence[Person] = (),
    accused_names: str = "",
    legal_route: str = "",
    other_organ: str = "",
    is_accusation: bool = False,
    at: dt.datetime | None = None,
) -> _Intake:
    """Validate one intake and apply the rules to it, without touching the database."""
    moment, today = act_time(at)
    clean = _clean_intake(
        channel=channel,
        summary=summary,
        content=content,
        region_code=region_code,
        received_at=received_at,
        at=moment,
        is_collective=is_collective,
        headcount=headcount,
        representatives=representatives,
        legal_route=legal_route,
        other_organ=other_organ,
    )
    if petitioner is not None and identity:
        raise ValidationError(
            {"petitioner": ValidationError(_("信访人与新登记的身份只能填写一项。"), code="both")}
        )
    assert_user_may_act(actor, organ, action=f"matter.{action.value}")
    profile = cache.profile(today)
    role = Actor.PETITION_OFFICE if action is Action.REGISTER else Actor.HANDLING_ORGAN
    matter = Matter(
        channel=channel,
        is_collective=is_collective,
        headcount=headcount if is_collective else None,
        representatives=representatives if is_collective else None,
        received_at=received_at,
        registered_at=moment,
        registering_organ=organ,
        current_organ=organ,
        handling_organ=organ if action is Action.RECEIVE else None,
        category=category,
        may_be_public=may_be_public,
        accused_names=(accused_names or "").strip(),
        query_code=new_query_code(),
        profile=profile.name,
        state=MatterState.SUBMITTED,
        legal_route=legal_route,
        other_organ=other_organ,
        is_accusation=is_accusation,
        **clean,
    )
    # The intake checks of the rules (collective representatives) come first: nothing is saved
    # for a refused intake. For a registration this is the decision itself.
    decision = decide(
        matter,
        action,
        actor=role,
        profile=profile,
        context=TransitionContext(representatives=matter.representatives),
    )
    text = matter_text(matter.summary, matter.content)
    return _Intake(
        index=index,
        action=action,
        organ=organ,
        matter=matter,
        profile=profile,
        role=role,
        decision=decision,
        moment=moment,
        today=today,
        received_on=timezone.localdate(received_at),
        text=text,
        indexed=index_text(text, region_code=matter.region_code),
        petitioner=petitioner,
        identity=identity,
        accused_organs=accused_organs,
        accused_persons=accused_persons,
    )


def _start_period(action: Action) -> str:
    return "route" if action is Action.REGISTER else "accept"


def _details(intake: _Intake, candidates: list[int]) -> dict[str, Any]:
    matter = intake.matter
    details: dict[str, Any] = {
        "channel": matter.channel,
        "profile": intake.profile.name,
        "repeats": candidates,
    }
    if matter.rereviewed_match_id:
        details["same_request_after_rereview"] = matter.rereviewed_match_id
    if matter.is_collective:
        details.update(headcount=matter.headcount, representatives=matter.representatives)
    if intake.accused_organs or intake.accused_persons:
        details["accused_organs"] = sorted({o.pk for o in intake.accused_organs})
        details["accused_persons"] = sorted({p.pk for p in intake.accused_persons})
    return details


def _rereviewed(candidates: list[RepeatCandidate]) -> int | None:
    """信访条例(2005)第三十五条 / 条例(2022)第三十六条: the same request, re-reviewed, is not
    accepted again. Flagged at registration; routing and acceptance refuse it (rules core)."""
    for c in candidates:
        if c.same_petitioner and c.similar and c.earlier_state == MatterState.REREVIEWED:
            return c.earlier_id
    return None


def _resolve_petitioners(intakes: list[_Intake], *, actor: Any) -> set[int]:
    """Attach each intake's petitioner; returns the ids of those registered just now (they
    have no earlier matters to look up)."""
    wanted = {i.petitioner for i in intakes if isinstance(i.petitioner, int)}
    found = Petitioner.objects.in_bulk(wanted) if wanted else {}
    new = [i for i in intakes if i.identity]
    if new:
        try:
            created = petitioner_create_batch(
                entries=[{"organ": i.organ, **dict(i.identity or {})} for i in new], actor=actor
            )
        except Exception as exc:
            position = getattr(exc, "item_index", None)
            if position is not None:
                exc.item_index = new[position].index  # type: ignore[attr-defined]
            raise
        for intake, created_person in zip(new, created, strict=True):
            intake.matter.petitioner = created_person
    for intake in intakes:
        if intake.identity:
            continue
        if isinstance(intake.petitioner, int):
            person = found.get(intake.petitioner)
            if person is None:
                error = ValidationError(
                    {"petitioner": ValidationError(_("信访人不存在。"), code="not_found")}
                )
                error.item_index = intake.index  # type: ignore[attr-defined]
                raise error
            intake.matter.petitioner = person
        else:
            intake.matter.petitioner = intake.petitioner
    return {i.matter.petitioner_id for i in new if i.matter.petitioner_id is not None}


def _find_batch_repeats(intakes: list[_Intake], *, new_petitioners: set[int]) -> None:
    """Repeats of each intake among earlier matters (a few statements for the whole batch)
    and earlier intakes of the same batch (in memory, same rules: shared band keys, same
    petitioner, exact score).

    A petitioner registered by this batch has no earlier matters: no look-up for them. Each
    candidate's fingerprint is read once for the whole batch."""
    per_item = candidate_ids_many(
        [
            Probe(
                keys=i.indexed.keys,
                petitioner_id=None
                if i.matter.petitioner_id in new_petitioners
                else i.matter.petitioner_id,
            )
            for i in intakes
        ]
    )
    texts = candidate_texts(set().union(*per_item)) if per_item else {}
    by_key: dict[int, list[int]] = {}
    by_petitioner: dict[int, list[int]] = {}
    for position, intake in enumerate(intakes):
        pid = intake.matter.petitioner_id
        mine = intake.indexed.shingle_set
        intake.candidates = score_candidates(
            mine=mine, petitioner_id=pid, ids=per_item[position], texts=texts
        )
        shared: dict[int, int] = {}
        for key in intake.indexed.keys:
            for earlier in by_key.get(key, ()):
                shared[earlier] = shared.get(earlier, 0) + 1
        nearest = sorted(
            (j for j, n in shared.items() if n >= similarity.MIN_SHARED_KEYS),
            key=lambda j: (-shared[j], -j),
        )[:CONTENT_CANDIDATE_LIMIT]
        local = set(nearest) | set(
            by_petitioner.get(pid, ())[-SAME_PETITIONER_LIMIT:] if pid else ()
        )
        for j in sorted(local, reverse=True):
            match = similarity.compare_shingles(mine, intakes[j].indexed.shingle_set)
            same = pid is not None and intakes[j].matter.petitioner_id == pid
            if same or match.linked:
                intake.local.append((j, round(match.score, 4), same, match.linked))
        for key in intake.indexed.keys:
            by_key.setdefault(key, []).append(position)
        if pid is not None:
            by_petitioner.setdefault(pid, []).append(position)
        intake.matter.rereviewed_match_id = _rereviewed(intake.candidates)


def _register_all(intakes: list[_Intake], *, actor: Any, cache: _BatchCache) -> list[Matter]:
    """Write validated registrations: a handful of bulk statements plus one audit entry each."""
    with transaction.atomic():
        new_petitioners = _resolve_petitioners(intakes, actor=actor)
        _find_batch_repeats(intakes, new_petitioners=new_petitioners)
        for intake in intakes:
            intake.step = apply_decision(
                intake.matter,
                intake.decision,
                at=intake.moment,
                on=intake.today,
                profile=intake.profile,
                calendar=cache.calendar,
                clock_organ=intake.organ,
                starts_on={_start_period(intake.action): intake.received_on},
                save=False,
                memo=cache.deadlines,
            )
        matters = Matter.objects.bulk_create([i.matter for i in intakes])
        links: list[RepeatLink] = []
        clocks: list[MatterClock] = []
        band_rows: list[tuple[int, int]] = []
        prints: list[tuple[int, bytes]] = []
        events: list[MatterEvent] = []
        audits: list[dict[str, Any]] = []
        for intake in intakes:
            matter = intake.matter
            assert intake.step is not None
            for clock in intake.step.clocks:
                clock.matter = matter
            clocks.extend(intake.step.clocks)
            links.extend(repeat_links(matter, intake.candidates))
            links.extend(
                RepeatLink(
                    matter=matter,
                    earlier_id=intakes[j].matter.pk,
                    score=score,
                    reason=RepeatReason.SAME_PETITIONER if same else RepeatReason.SIMILAR_CONTENT,
                    same_petitioner=same,
                    similar=similar,
                )
                for j, score, same, similar in intake.local
            )
            band_rows.extend((matter.pk, key) for key in intake.indexed.keys)
            prints.append((matter.pk, intake.indexed.fingerprint))
            repeats = [c.earlier_id for c in intake.candidates] + [
                intakes[j].matter.pk for j, *_rest in intake.local
            ]
            event, audit = build_event(
                intake.step, actor=actor, organ=intake.organ, details=_details(intake, repeats)
            )
            events.append(event)
            audits.append(audit)
        MatterClock.objects.bulk_create(clocks)
        RepeatLink.objects.bulk_create(links)
        store_index(keys=band_rows, fingerprints=prints)
        _add_accusations_bulk(intakes)
        MatterEvent.objects.bulk_create(events)
        audit_record_many(
            entries=[
                {
                    "actor": actor,
                    "action": f"matter.{event.action}",
                    "target": matter,
                    "details": audit,
                }
                for matter, event, audit in zip(matters, events, audits, strict=True)
            ]
        )
    return matters


def _add_accusations_bulk(intakes: list[_Intake]) -> None:
    """Attach the accused units and persons (细则第十一条第八项) to the new matters."""
    rows: list[Accusation] = []
    content_type = None
    for intake in intakes:
        if not intake.accused_organs and not intake.accused_persons:
            continue
        if content_type is None:
            from django.contrib.contenttypes.models import ContentType

            content_type = ContentType.objects.get_for_model(Matter)
        pk = intake.matter.pk
        rows.extend(
            Accusation(content_type=content_type, object_id=pk, accused_organ=o)
            for o in dict.fromkeys(intake.accused_organs)
        )
        rows.extend(
            Accusation(content_type=content_type, object_id=pk, accused_person=p)
            for p in dict.fromkeys(intake.accused_persons)
        )
    if rows:
        Accusation.objects.bulk_create(rows)


def _receive(intake: _Intake, *, actor: Any, cache: _BatchCache) -> Matter:
    """Write a direct receipt: the acceptance checks need the matter's links and accusations,
    so the matter is saved first and the transition decided after."""
    matter, organ = intake.matter, intake.organ
    with transaction.atomic():
        _resolve_petitioners([intake], actor=actor)
        (ids,) = candidate_ids_many(
            [Probe(keys=intake.indexed.keys, petitioner_id=matter.petitioner_id)]
        )
        candidates = score_candidates(
            mine=intake.indexed.shingle_set,
            petitioner_id=matter.petitioner_id,
            ids=ids,
            texts=candidate_texts(ids),
        )
        matter.rereviewed_match_id = _rereviewed(candidates)
        matter.save()
        store_repeats(matter=matter, candidates=candidates, indexed=intake.indexed)
        _add_accusations_bulk([intake])
        # The receiving organ must be competent: not accused, not above a pending matter,
        # not a matter for another route (细则第六条、第十一条第八项).
        assert_not_accused(matter, organ)
        context = acceptability(matter, organ, representatives=matter.representatives)
        decision = decide(
            matter, Action.RECEIVE, actor=intake.role, profile=intake.profile, context=context
        )
        step = apply_decision(
            matter,
            decision,
            at=intake.moment,
            on=intake.today,
            profile=intake.profile,
            calendar=cache.calendar,
            clock_organ=organ,
            starts_on={"accept": intake.received_on},
        )
        details = _details(intake, [c.earlier_id for c in candidates])
        record(step, actor=actor, organ=organ, details=details)
    return matter


def matter_register(
    *,
    organ: Organ,
    actor: Any,
    channel: str,
    received_at: dt.datetime,
    summary: str,
    content: str,
    region_code: str,
    category: Category | None = None,
    petitioner: Petitioner | int | None = None,
    identity: Mapping[str, str] | None = None,
    is_collective: bool = False,
    headcount: int | None = None,
    representatives: int | None = None,
    may_be_public: bool = False,
    accused_organs: Sequence[Organ] = (),
    accused_persons: Sequence[Person] = (),
    accused_names: str = "",
    legal_route: str = "",
    other_organ: str = "",
    is_accusation: bool = False,
    at: dt.datetime | None = None,
) -> Matter:
    """Register a matter at a petition office (登记): one transaction, one event, one audit.

    ``petitioner`` is an existing petitioner (or its id); ``identity`` (name, id_number,
    phone, address) registers a new one through the petitioner services; neither for an
    anonymous matter. ``accused_organs`` / ``accused_persons`` become ``Accusation`` rows
    (the matter is hidden from them and never routed to them); ``accused_names`` holds
    people who cannot be identified. The routing period starts from ``received_at``'s date.
    Earlier matters of the same petitioner or with similar content are linked.

    Raises ``ValidationError`` for bad input and ``MatterRefused`` when the rules refuse
    (e.g. ``collective_representatives`` above 5).
    """
    cache = _BatchCache(calendar=matter_calendar())
    intake = _prepare(
        index=0,
        action=Action.REGISTER,
        cache=cache,
        organ=organ,
        actor=actor,
        channel=channel,
        received_at=received_at,
        summary=summary,
        content=content,
        region_code=region_code,
        category=category,
        petitioner=petitioner,
        identity=identity,
        is_collective=is_collective,
        headcount=headcount,
        representatives=representatives,
        may_be_public=may_be_public,
        accused_organs=accused_organs,
        accused_persons=accused_persons,
        accused_names=accused_names,
        legal_route=legal_route,
        other_organ=other_organ,
        is_accusation=is_accusation,
        at=at,
    )
    return _register_all([intake], actor=actor, cache=cache)[0]


def matter_receive(
    *,
    organ: Organ,
    actor: Any,
    channel: str,
    received_at: dt.datetime,
    summary: str,
    content: str,
    region_code: str,
    category: Category | None = None,
    petitioner: Petitioner | int | None = None,
    identity: Mapping[str, str] | None = None,
    is_collective: bool = False,
    headcount: int | None = None,
    representatives: int | None = None,
    may_be_public: bool = False,
    accused_organs: Sequence[Organ] = (),
    accused_persons: Sequence[Person] = (),
    accused_names: str = "",
    legal_route: str = "",
    other_organ: str = "",
    is_accusation: bool = False,
    at: dt.datetime | None = None,
) -> Matter:
    """A handling organ receives a matter directly (有权处理的机关直接收到).

    Same input as ``matter_register``; the matter is pending acceptance at ``organ`` and the
    acceptance period runs from ``received_at``'s date. Refused (``MatterRefused``) when the
    organ is accused, when the request belongs to a legal route, another organ or the
    discipline bodies, when it is pending at the competent level below, or when the same
    request was already re-reviewed.
    """
    cache = _BatchCache(calendar=matter_calendar())
    intake = _prepare(
        index=0,
        action=Action.RECEIVE,
        cache=cache,
        organ=organ,
        actor=actor,
        channel=channel,
        received_at=received_at,
        summary=summary,
        content=content,
        region_code=region_code,
        category=category,
        petitioner=petitioner,
        identity=identity,
        is_collective=is_collective,
        headcount=headcount,
        representatives=representatives,
        may_be_public=may_be_public,
        accused_organs=accused_organs,
        accused_persons=accused_persons,
        accused_names=accused_names,
        legal_route=legal_route,
        other_organ=other_organ,
        is_accusation=is_accusation,
        at=at,
    )
    return _receive(intake, actor=actor, cache=cache)


def matter_register_batch(*, items: Iterable[Mapping[str, Any]], actor: Any) -> list[Matter]:
    """Register many matters in one transaction, each through ``matter_register``'s checks.

    Each item holds ``matter_register``'s keyword arguments (``organ`` included, ``actor``
    not). Every item is validated and decided by the rules first; then the batch is written
    with a few bulk statements: repeats are looked up per item by index, and among the
    batch's own earlier items in memory; each matter still gets its event and audit entry.
    The calendar, profiles and deadlines are computed once per batch. A refused item aborts
    the whole batch (nothing is registered); the exception carries ``item_index``.
    """
    cache = _BatchCache(calendar=matter_calendar())
    intakes: list[_Intake] = []
    for index, item in enumerate(items):
        try:
            intakes.append(
                _prepare(index=index, action=Action.REGISTER, cache=cache, actor=actor, **item)
            )
        except Exception as exc:
            exc.item_index = index  # type: ignore[attr-defined]
            raise
    if not intakes:
        return []
    return _register_all(intakes, actor=actor, cache=cache)
