"""Intake, the writing half: a validated registration or receipt put into the database.

``intake`` validates each item and applies the rules without touching the database
(``Intake``); ``register_all`` writes a batch of registrations with a few bulk statements (the
petitioners, the repeats, the matters, clocks, links, index, accusations, events and audit
entries); ``receive`` writes a direct receipt, whose acceptance checks need the saved matter.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from xinfang.access import crypto
from xinfang.access.identity import mask_name, validate_id_number
from xinfang.access.models import Accusation
from xinfang.audit.services import audit_record_many
from xinfang.orgs.models import Organ, Person
from xinfang.orgs.selectors import region_known
from xinfang.petitions import similarity
from xinfang.petitions.models import ID_INDEX_PURPOSE, Petitioner
from xinfang.petitions.selectors import petitioner_identity
from xinfang.petitions.services import petitioner_create_batch
from xinfang.rules.calendar import WorkCalendar
from xinfang.rules.deadlines import Deadline
from xinfang.rules.procedure import Action, Actor, Decision
from xinfang.rules.profiles import Profile, profile_in_force

from ..choices import MatterState, RepeatReason
from ..counts import count_places
from ..models import Matter, MatterClock, MatterEvent, RepeatLink
from ..repeats import (
    CONTENT_CANDIDATE_LIMIT,
    SAME_PETITIONER_LIMIT,
    IndexedText,
    Probe,
    RepeatCandidate,
    candidate_ids_many,
    candidate_texts,
    repeat_links,
    score_candidates,
    store_index,
    store_repeats,
)
from .common import (
    Step,
    acceptability,
    apply_decision,
    assert_not_accused,
    build_event,
    decide,
    petitioner_unclear,
    record,
)


@dataclass
class Intake:
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
class BatchCache:
    """What a batch computes once: the calendar, profiles by day, deadlines."""

    calendar: WorkCalendar
    profiles: dict[dt.date, Profile] = field(default_factory=dict)
    deadlines: dict[tuple[Any, ...], Deadline] = field(default_factory=dict)
    regions: dict[str, bool] = field(default_factory=dict)

    def profile(self, day: dt.date) -> Profile:
        found = self.profiles.get(day)
        if found is None:
            found = self.profiles[day] = profile_in_force(day)
        return found

    def region_known(self, code: str) -> bool:
        """Whether the place is a region of the registry (asked once per code a batch)."""
        found = self.regions.get(code)
        if found is None:
            found = self.regions[code] = region_known(code)
        return found


def _start_period(action: Action) -> str:
    return "route" if action is Action.REGISTER else "accept"


def _details(intake: Intake, candidates: list[int]) -> dict[str, Any]:
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


def _known_by_id_number(intakes: list[Intake]) -> list[tuple[Intake, Intake]]:
    """A new identity whose ID number the registering organ already knows is that petitioner:
    one person, one record, so their earlier matters are found as theirs (and the same
    request after re-review is recognised, 信访工作条例(2022)第三十六条).

    Within a batch, the first new identity with an ID number registers the petitioner and
    the later ones with the same number are theirs: returned as ``(later, first)`` pairs,
    the later ones left without an identity to register."""
    followers: list[tuple[Intake, Intake]] = []
    wanted: dict[tuple[int, str], list[Intake]] = {}
    for intake in intakes:
        number = (intake.identity or {}).get("id_number", "")
        if not (number or "").strip():
            continue
        try:
            digest = crypto.blind_index(validate_id_number(number), purpose=ID_INDEX_PURPOSE)
        except ValidationError:
            continue  # refused, by field, when the petitioner is created
        if digest:
            wanted.setdefault((intake.organ.pk, digest), []).append(intake)
    if not wanted:
        return followers
    known: dict[tuple[int, str], Petitioner] = {}
    for person in Petitioner.objects.filter(
        organ_id__in={organ for organ, _digest in wanted},
        id_number_index__in={digest for _organ, digest in wanted},
    ).order_by("-id"):
        known[(person.organ_id, person.id_number_index)] = person  # the earliest wins
    for key, items in wanted.items():
        found = known.get(key)
        if found is None:
            first = _typed_name(items[0])
            for later in items[1:]:
                _assert_same_name(later, first)
                later.identity = None
                followers.append((later, items[0]))
            continue
        name = petitioner_identity(found).name
        for intake in items:
            _assert_same_name(intake, name)
            intake.identity = None
            intake.petitioner = found
    return followers


def _typed_name(intake: Intake) -> str:
    return ((intake.identity or {}).get("name") or "").strip()


def _assert_same_name(intake: Intake, name: str) -> None:
    """One ID number is one person: a new identity whose ID number is already registered
    under another name is a typing mistake or someone else's number, and the clerk decides
    which, rather than the system filing the matter under the other name."""
    typed = _typed_name(intake)
    if not typed or typed == name:
        return
    error = ValidationError(
        {
            "id_number": ValidationError(
                _(
                    "该公民身份号码已登记为另一姓名的信访人（%(name)s），请核对；"
                    "确为同一人的，请改为选择已登记的信访人。"
                )
                % {"name": mask_name(name)},
                code="registered_under_another_name",
            )
        }
    )
    error.item_index = intake.index  # type: ignore[attr-defined]
    raise error


def _resolve_petitioners(
    intakes: list[Intake], *, actor: Any, audit_into: list[dict[str, Any]] | None = None
) -> set[int]:
    """Attach each intake's petitioner; returns the ids of those registered just now (they
    have no earlier matters to look up). With ``audit_into``, the new petitioners' audit
    entries are left there for the caller to record (``petitioner_create_batch``)."""
    followers = _known_by_id_number(intakes)
    wanted = {i.petitioner for i in intakes if isinstance(i.petitioner, int)}
    found = Petitioner.objects.in_bulk(wanted) if wanted else {}
    new = [i for i in intakes if i.identity]
    if new:
        try:
            created = petitioner_create_batch(
                entries=[{"organ": i.organ, **dict(i.identity or {})} for i in new],
                actor=actor,
                audit_into=audit_into,
            )
        except Exception as exc:
            position = getattr(exc, "item_index", None)
            if position is not None:
                exc.item_index = new[position].index  # type: ignore[attr-defined]
            raise
        for intake, created_person in zip(new, created, strict=True):
            intake.matter.petitioner = created_person
    for later, first in followers:
        later.petitioner = first.matter.petitioner
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


def _same_person(petitioners: Sequence[Petitioner | None]) -> dict[int, frozenset[int]]:
    """For each petitioner with an ID number, their records at other offices (the same ID
    number, one statement): one citizen, whichever office registered them."""
    indexes = {p.id_number_index for p in petitioners if p is not None and p.id_number_index}
    if not indexes:
        return {}
    records: dict[str, set[int]] = {}
    for pk, index in Petitioner.objects.filter(id_number_index__in=indexes).values_list(
        "pk", "id_number_index"
    ):
        records.setdefault(index, set()).add(pk)
    return {
        p.pk: frozenset(records.get(p.id_number_index, set()) - {p.pk})
        for p in petitioners
        if p is not None and p.id_number_index
    }


def _find_batch_repeats(intakes: list[Intake], *, new_petitioners: set[int]) -> None:
    """Repeats of each intake among earlier matters (a few statements for the whole batch)
    and earlier intakes of the same batch (in memory, same rules: shared band keys, same
    petitioner, exact score).

    A petitioner registered by this batch has no earlier matters: no look-up for them (but
    for their records at other offices, ``_same_person``). Each candidate's fingerprint is
    read once for the whole batch."""
    aliases = _same_person([i.matter.petitioner for i in intakes])
    per_item = candidate_ids_many(
        [
            Probe(
                keys=i.indexed.keys,
                petitioner_id=None
                if i.matter.petitioner_id in new_petitioners
                else i.matter.petitioner_id,
                same_person=aliases.get(i.matter.petitioner_id or 0, frozenset()),
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
            mine=mine,
            petitioner_id=pid,
            ids=per_item[position],
            texts=texts,
            same_person=aliases.get(pid or 0, frozenset()),
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


def register_all(intakes: list[Intake], *, actor: Any, cache: BatchCache) -> list[Matter]:
    """Write validated registrations: a handful of bulk statements plus one audit entry each."""
    with transaction.atomic():
        # The new petitioners' audit entries go into the matters' chain append, first.
        audits: list[dict[str, Any]] = []
        new_petitioners = _resolve_petitioners(intakes, actor=actor, audit_into=audits)
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
        details: list[dict[str, Any]] = []
        for intake in intakes:
            matter = intake.matter
            assert intake.step is not None
            for clock in intake.step.clocks:
                clock.matter = matter
            clocks.extend(intake.step.clocks)
            mine = repeat_links(matter, intake.candidates) + [
                RepeatLink(
                    matter=matter,
                    earlier_id=intakes[j].matter.pk,
                    score=score,
                    reason=RepeatReason.SAME_PETITIONER if same else RepeatReason.SIMILAR_CONTENT,
                    same_petitioner=same,
                    similar=similar,
                )
                for j, score, same, similar in intake.local
            ]
            # What was just found, for the caller to show (``repeat_candidates(links=)``).
            matter.new_repeat_links = mine
            links.extend(mine)
            band_rows.extend((matter.pk, key) for key in intake.indexed.keys)
            prints.append((matter.pk, intake.indexed.fingerprint))
            repeats = [c.earlier_id for c in intake.candidates] + [
                intakes[j].matter.pk for j, *_rest in intake.local
            ]
            event, audit = build_event(
                intake.step, actor=actor, organ=intake.organ, details=_details(intake, repeats)
            )
            events.append(event)
            details.append(audit)
        MatterClock.objects.bulk_create(clocks)
        RepeatLink.objects.bulk_create(links)
        store_index(keys=band_rows, fingerprints=prints)
        _add_accusations_bulk(intakes)
        MatterEvent.objects.bulk_create(events)
        audit_record_many(
            entries=audits
            + [
                {
                    "actor": actor,
                    "action": f"matter.{event.action}",
                    "target": matter,
                    "details": audit,
                }
                for matter, event, audit in zip(matters, events, details, strict=True)
            ]
        )
        count_places(matters)  # after the audit head, as ``record`` does
    return matters


def _add_accusations_bulk(intakes: list[Intake]) -> None:
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


def receive(intake: Intake, *, actor: Any, cache: BatchCache) -> Matter:
    """Write a direct receipt: the acceptance checks need the matter's links and accusations,
    so the matter is saved first and the transition decided after."""
    matter, organ = intake.matter, intake.organ
    with transaction.atomic():
        _resolve_petitioners([intake], actor=actor)
        same_person = _same_person([matter.petitioner]).get(matter.petitioner_id or 0, frozenset())
        (ids,) = candidate_ids_many(
            [
                Probe(
                    keys=intake.indexed.keys,
                    petitioner_id=matter.petitioner_id,
                    same_person=same_person,
                )
            ]
        )
        candidates = score_candidates(
            mine=intake.indexed.shingle_set,
            petitioner_id=matter.petitioner_id,
            ids=ids,
            texts=candidate_texts(ids),
            same_person=same_person,
        )
        matter.rereviewed_match_id = _rereviewed(candidates)
        matter.save()
        store_repeats(matter=matter, candidates=candidates, indexed=intake.indexed)
        _add_accusations_bulk([intake])
        # The receiving organ must be competent: not accused, not above a pending matter,
        # not a matter for another route (细则第六条、第十一条第八项).
        assert_not_accused(matter, organ)
        # 姓名（名称）、住址不清的除外: no written notice is due, so no notice period runs
        # (信访工作条例(2022)第二十三条第二款, 信访条例(2005)第二十二条第二款).
        unclear = petitioner_unclear(matter)
        context = acceptability(
            matter,
            organ,
            representatives=matter.representatives,
            name_or_address_unclear=bool(unclear),
        )
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
        if unclear:
            details["petitioner_unclear"] = unclear
        record(step, actor=actor, organ=organ, details=details)
    return matter
