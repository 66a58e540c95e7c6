"""A demo Musrenbang year over a regency: forums, a few hundred proposals, scores, ranked
districts. Deterministic for a seed; proposals lean to roads and buildings as they do in
practice (seed 000), so the pages show the imbalance the module exists to reveal."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from django.db import transaction

from musrenbang.models import Attendance, PlanningYear, Proposal, ProposalScore, Stage
from musrenbang.services import (
    AttendeeInput,
    ForumInput,
    attendance_add,
    district_ceiling_fill,
    forum_create,
    planning_year_create,
    proposal_auto_scores_fill,
    proposal_scores_compute,
    stage_close,
)
from musrenbang.services.formula import (
    FormulaInput,
    ceiling_formula_apply,
    formula_registry_inputs,
)
from tkpk.models import Region, User

# (title, physical, field of affairs, unit, cost range in million rupiah, beneficiary kind)
KINDS = [
    ("Pengaspalan jalan desa", True, "public_works", "m", (150, 600), "village"),
    ("Pembangunan jembatan", True, "public_works", "unit", (200, 900), "village"),
    ("Saluran drainase", True, "public_works", "m", (50, 250), "village"),
    ("Rehab gedung sekolah", True, "education", "unit", (100, 400), "person"),
    ("Saluran irigasi tersier", True, "agriculture", "m", (80, 300), "group"),
    ("Rehab rumah tidak layak huni", True, "housing", "unit", (20, 150), "household"),
    ("Jamban sehat keluarga miskin", True, "housing", "unit", (10, 80), "household"),
    (
        "Pelatihan menjahit perempuan kepala keluarga",
        False,
        "manpower",
        "orang",
        (10, 60),
        "person",
    ),
    ("Modal usaha kelompok ternak", False, "small_business", "kelompok", (20, 120), "group"),
    ("Posyandu balita dan lansia", False, "health", "paket", (5, 40), "person"),
    ("Beasiswa anak putus sekolah", False, "education", "orang", (10, 90), "person"),
    ("Pendampingan penyandang disabilitas", False, "social", "orang", (5, 50), "person"),
]
WEIGHTS = [14, 10, 10, 9, 8, 6, 5, 6, 6, 4, 4, 3]  # roads and buildings first
NAMES = ["Suyono", "Siti", "Sri", "Budi", "Wahyuni", "Agus", "Endang", "Joko", "Lestari", "Eko"]


@dataclass(frozen=True)
class MusrenbangDemo:
    planning_year: PlanningYear
    forums: int
    proposals: int
    districts_filled: int


def musrenbang_generate(
    *, regency_code: str, seed: int, username: str, year: int = 2027, proposals: int = 300
) -> MusrenbangDemo:
    rng = random.Random(seed)  # noqa: S311 (demo data, no secret in it)
    user = User.objects.get(username=username)
    existing = PlanningYear.objects.filter(region_id=regency_code, year=year).first()
    if existing is not None:  # a rerun leaves the year as it is
        return MusrenbangDemo(existing, existing.forums.count(), existing.proposals.count(), 0)
    villages = list(
        Region.objects.filter(
            level=Region.Level.VILLAGE, code__startswith=regency_code + "."
        ).order_by("code")
    )
    chosen = sorted(rng.sample(villages, min(len(villages), max(1, proposals // 6))), key=str)
    with transaction.atomic():
        planning_year = planning_year_create(
            user=user,
            region_code=regency_code,
            year=year,
            stage_dates={
                Stage.Kind.MUSDES: (date(year - 1, 1, 5), date(year - 1, 1, 31)),
                Stage.Kind.THEMATIC: (date(year - 1, 2, 1), date(year - 1, 2, 10)),
                Stage.Kind.DISTRICT: (date(year - 1, 2, 11), date(year - 1, 2, 28)),
                Stage.Kind.AGENCY: (date(year - 1, 3, 1), date(year - 1, 3, 15)),
                Stage.Kind.REGENCY: (date(year - 1, 3, 20), date(year - 1, 3, 31)),
            },
        )
        musdes = planning_year.stages.get(kind=Stage.Kind.MUSDES)
        forums = {}
        for i, village in enumerate(chosen):
            forum = forum_create(
                user=user,
                planning_year=planning_year,
                data=ForumInput(
                    region_code=village.code,
                    name=f"Musdes {village.name} {year - 1}",
                    held_on=date(year - 1, 1, 5) + timedelta(days=i % 25),
                    place=f"Balai Desa {village.name}",
                    chair=f"Kepala Desa {village.name}",
                ),
            )
            forums[village.code] = forum
            # The same few men in most villages; some villages do better.
            thin = rng.random() < 0.6
            attendance_add(
                user=user,
                forum=forum,
                attendees=[
                    AttendeeInput(
                        name=f"{rng.choice(NAMES)} {n + 1}",
                        sex="L" if thin or rng.random() < 0.6 else "P",
                        element=rng.choice(Attendance.Element.values),
                        has_disability=not thin and rng.random() < 0.1,
                        represents_poor=not thin and rng.random() < 0.2,
                    )
                    for n in range(rng.randint(8, 25))
                ],
            )
        rows = []
        ranks: dict[str, int] = {}
        for _n in range(proposals):
            village = rng.choice(chosen)
            title, physical, field, unit, (low, high), kind = rng.choices(KINDS, WEIGHTS)[0]
            ranks[village.code] = ranks.get(village.code, 0) + 1
            rows.append(
                Proposal(
                    planning_year=planning_year,
                    stage=musdes,
                    forum=forums[village.code],
                    rank_in_forum=ranks[village.code],
                    title=f"{title} {village.name}",
                    problem=f"Usulan warga {village.name} dalam Musdes.",
                    village=village,
                    rt=f"{rng.randint(1, 12):03d}",
                    rw=f"{rng.randint(1, 5):03d}",
                    is_physical=physical,
                    field_of_affairs=field,
                    volume=rng.randint(1, 500),
                    unit=unit,
                    estimated_cost=rng.randint(low, high) * 1_000_000,
                    beneficiaries=rng.randint(5, 400),
                    beneficiary_kind=kind,
                    created_by=user,
                )
            )
        created = Proposal.objects.bulk_create(rows)
        manual = list(planning_year.rubric.criteria.filter(automatic=""))
        ProposalScore.objects.bulk_create(
            ProposalScore(proposal=p, criterion=c, assessor=user, value=rng.randint(1, 5))
            for p in created
            for c in manual
        )
        proposal_auto_scores_fill(planning_year=planning_year)
        proposal_scores_compute(planning_year=planning_year)
        stage_close(user=user, stage=musdes)
        filled = _ceilings(planning_year=planning_year, user=user, rng=rng)
    return MusrenbangDemo(planning_year, len(forums), len(created), filled)


def _ceilings(*, planning_year: PlanningYear, user: User, rng: random.Random) -> int:
    """The region's formula (a base for every district, the rest shared by poor households
    in the registry and number of villages: a demo, not a regulation) sets every district's
    ceiling with its inputs kept; then each district with proposals fills its own and gets
    its Musrenbang kecamatan forum."""
    base = 400_000_000
    registry = formula_registry_inputs(planning_year=planning_year)
    poor = sum(row["poor_households"] for row in registry.values())
    weights = {"poor_households": 70, "villages": 30} if poor else {"villages": 100}
    ceiling_formula_apply(
        user=user,
        planning_year=planning_year,
        data=FormulaInput(
            pool=base * len(registry) + 150_000 * poor + 50_000_000 * len(registry),
            base=base,
            weights=weights,
            typed={},
        ),
    )
    districts = Region.objects.filter(
        code__in=planning_year.proposals.values("village__parent_id")
    ).order_by("code")
    for district in districts:
        district_ceiling_fill(user=user, planning_year=planning_year, district=district)
        forum = forum_create(
            user=user,
            planning_year=planning_year,
            data=ForumInput(
                region_code=district.code,
                name=f"Musrenbang Kecamatan {district.name} {planning_year.year - 1}",
                held_on=date(planning_year.year - 1, 2, 20),
                place=f"Pendopo Kecamatan {district.name}",
                chair=f"Camat {district.name}",
                minutes_number=f"050/{district.code[-2:]}/{planning_year.year - 1}",
            ),
        )
        attendance_add(
            user=user,
            forum=forum,
            attendees=[
                AttendeeInput(
                    name=f"{rng.choice(NAMES)} {n + 1}",
                    sex=rng.choice("LLP"),
                    element=rng.choice(Attendance.Element.values),
                    represents_poor=rng.random() < 0.15,
                    is_delegate=n < 2,
                )
                for n in range(rng.randint(12, 30))
            ],
        )
    return len(districts)
