"""Synthetic KUBE groups for the demo: groups of poor working-age neighbours in each district,
their loans and repayments, field visits, and the period's disbursement plan.

Everything goes through the services (``group_create``, ``group_payment_record``,
``group_visit_record``, ``disbursement_plan``), so the demo shows what an operator's clicks
would have made, audit entries included. The demo pretends today is ``AS_OF`` (the demo's
targeting date), so the same seed gives the same groups on any day. A rerun adds nothing
already there."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from django.db import transaction

from households.facts import years_before
from households.models import Household, Person
from programs.disbursements.services import disbursement_plan
from programs.groups.schedule import months_after
from programs.groups.services import (
    GroupInput,
    group_create,
    group_payment_record,
    group_visit_record,
)
from programs.models import Disbursement, Group, Program, ProgramPeriod
from tkpk.models import Region, User

AS_OF = date(2026, 6, 1)
PROGRAM = "KUBE"
STIMULUS = 20_000_000  # the catalogue's benefit per group
LOAN = 10_000_000  # the rolling fund a group repays, for half of the groups
BUSINESSES = (
    "Ternak kambing",
    "Warung kelontong",
    "Kerajinan anyaman bambu",
    "Budidaya lele",
    "Keripik singkong",
    "Jahit pakaian",
    "Ternak ayam kampung",
    "Bengkel sepeda motor",
)
NAMES = ("Maju Bersama", "Sumber Rejeki", "Karya Mandiri", "Tani Makmur", "Sejahtera", "Rukun")
VISIT_NOTES = (
    ("Usaha berjalan; pembukuan kelompok rapi dan pertemuan rutin tiap bulan.", True),
    ("Usaha berjalan, omzet turun karena harga bahan naik; kelompok diminta mencatat stok.", True),
    ("Dua anggota mundur; usaha masih berjalan dengan anggota yang tersisa.", True),
    ("Usaha berhenti sejak sebulan lalu; modal terpakai untuk kebutuhan rumah tangga.", False),
)


@dataclass(frozen=True)
class GroupsGenerated:
    groups: int
    members: int
    visits: int
    payments: int
    disbursements: int


def _candidates(*, district: str) -> list[Person]:
    """Living poor (deciles 1-4) people aged 18-59 on ``AS_OF`` in the district, one per
    household, ordered by NIK so that the draw does not depend on row ids."""
    people = (
        Person.objects.filter(
            household__village__code__startswith=district + ".",
            household__status=Household.Status.ACTIVE,
            household__welfare_decile__lte=4,
            status=Person.Status.LIVING,
            birth_date__lte=years_before(AS_OF, 18),
            birth_date__gt=years_before(AS_OF, 60),
        )
        .select_related("household")
        .order_by("nik")
    )
    seen: set[int] = set()
    chosen = []
    for person in people:
        if person.household_id not in seen:
            seen.add(person.household_id)
            chosen.append(person)
    return chosen


def groups_generate(
    *,
    regency_code: str,
    seed: int,
    user: User,
    planner: User,
    per_district: int = 2,
) -> GroupsGenerated:
    """``per_district`` KUBE groups in every district of the regency (where enough people
    qualify), with visits and repayments, and the KUBE 2026 disbursement plan per district."""
    rng = random.Random(seed)  # noqa: S311 (demo data, not secrets)
    program = Program.objects.get(code=PROGRAM)
    period, _ = ProgramPeriod.objects.get_or_create(
        program=program,
        name="2026",
        defaults={"starts_on": date(2026, 1, 1), "ends_on": date(2026, 12, 31)},
    )
    districts = list(
        Region.objects.filter(
            code__startswith=regency_code + ".", level=Region.Level.DISTRICT
        ).order_by("code")
    )
    existing = set(
        Group.objects.filter(
            program=program, village__code__startswith=regency_code + "."
        ).values_list("village_id", "name")
    )
    counts = {"groups": 0, "members": 0, "visits": 0, "payments": 0, "disbursements": 0}
    planned: dict[str, int] = {}
    for district in districts:
        people = _candidates(district=district.code)
        for number in range(per_district):
            size = rng.randint(5, 10)
            if len(people) < size:
                break
            members = rng.sample(people, size)
            people = [p for p in people if p not in members]
            village = members[0].household.village_id
            name = f"KUBE {rng.choice(NAMES)} {number + 1}"
            business = rng.choice(BUSINESSES)
            with_loan = rng.random() < 0.5
            disbursed_on = date(2026, 1, 10) + timedelta(days=rng.randint(0, 100))
            planned[district.code] = planned.get(district.code, 0) + STIMULUS
            # Its payments and visits draw from their own generator: a rerun that skips the
            # group draws the next group exactly as the first run did.
            story = random.Random(rng.getrandbits(32))  # noqa: S311
            if (village, name) in existing:
                continue
            with transaction.atomic():
                group = group_create(
                    user=user,
                    data=GroupInput(
                        program=program,
                        village_code=village,
                        name=name,
                        business=business,
                        stimulus_amount=STIMULUS,
                        loan_amount=LOAN if with_loan else 0,
                        disbursed_on=disbursed_on,
                    ),
                    niks=[m.nik for m in members],
                )
                counts["groups"] += 1
                counts["members"] += size
                counts["payments"] += _payments(group=group, user=user, rng=story)
                counts["visits"] += _visits(group=group, user=user, rng=story)
    counts["disbursements"] = _plan(period=period, planner=planner, planned=planned)
    return GroupsGenerated(**counts)


def _payments(*, group: Group, user: User, rng: random.Random) -> int:
    """The instalments due by ``AS_OF``, paid on time by most groups; some fall behind."""
    if not group.loan_amount:
        return 0
    behind = rng.random() < 0.3
    made = 0
    for instalment in group.repayments.order_by("number"):
        if instalment.due_on > AS_OF or (behind and instalment.number > 1):
            break
        group_payment_record(
            user=user,
            group=group,
            paid_on=instalment.due_on - timedelta(days=rng.randint(0, 5)),
            amount=instalment.amount_due,
            note="Setoran bendahara kelompok",
            today=AS_OF,
        )
        made += 1
    return made


def _visits(*, group: Group, user: User, rng: random.Random) -> int:
    """One or two follow-up visits, a month or more after the money arrived."""
    assert group.disbursed_on is not None
    made = 0
    day = months_after(group.disbursed_on, 1)
    for _ in range(rng.randint(1, 2)):
        if day > AS_OF:
            break
        notes, running = rng.choice(VISIT_NOTES)
        group_visit_record(
            user=user,
            group=group,
            visited_on=day,
            notes=notes,
            business_running=running,
            today=AS_OF,
        )
        made += 1
        day = months_after(day, 2)
    return made


def _plan(*, period: ProgramPeriod, planner: User, planned: dict[str, int]) -> int:
    """Two stages per district: the stimulus in April, the rest in August."""
    made = 0
    have = set(Disbursement.objects.filter(period=period).values_list("region_id", "stage"))
    for district, amount in sorted(planned.items()):
        first = amount // 2
        for stage, day, value in (
            ("Tahap 1", date(2026, 4, 15), first),
            ("Tahap 2", date(2026, 8, 17), amount - first),
        ):
            if (district, stage) in have:
                continue
            disbursement_plan(
                user=planner,
                period=period,
                region_code=district,
                stage=stage,
                planned_on=day,
                planned_amount=value,
                note="Dana stimulan KUBE",
            )
            made += 1
    return made
