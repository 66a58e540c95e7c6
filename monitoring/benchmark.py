"""The monitoring phase of ``manage.py bench``: a RAT of 40 agencies x 300 sub-activities with
a year of quarterly realisation (48,000 reports), then the leader's dashboard and every
evaluation view rendered through the test client, timed after one warming pass
(PostgreSQL's own cache, nothing of ours). ``dashboard_s`` is the slowest. It runs after the
Musrenbang phase, so the dashboard reads 20,000 proposals too."""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from monitoring.evaluation.forms import DIMENSION_CHOICES
from monitoring.models import (
    Activity,
    Allocation,
    Location,
    Plan,
    PlanProgram,
    Priority,
    Report,
    Spending,
    SubActivity,
    Target,
)
from musrenbang.benchmark import bench_secretariat
from tkpk.bench_pages import pages_timed
from tkpk.models import Agency, Region, RoleAssignment, User
from tkpk.roles import Role

Timer = Callable[[str, float, int], None]
YEAR = 2026
SOURCES = ["apbn", "apbd_province", "apbd_regency", "apbdes"]
STRATEGIES = ["reduce_expenditure", "raise_income", "develop_msme", "synergy"]


@dataclass(frozen=True)
class MonitoringScale:
    agencies: int = 40
    activities_per_agency: int = 30
    subs_per_activity: int = 10


def _bench_user(username: str, role: str, region: Region) -> User:
    user, _ = User.objects.get_or_create(username=username)
    RoleAssignment.objects.get_or_create(user=user, role=role, region=region)
    return user


def _batches(items: list[Any], size: int = 5000) -> Iterator[list[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _bulk(model: Any, objects: list[Any]) -> list[Any]:
    created: list[Any] = []
    for batch in _batches(objects):
        created += model.objects.bulk_create(batch)
    return created


def realisation_fill(
    *, regency: Region, secretariat: User, scale: MonitoringScale, seed: int
) -> int:
    """The benchmark RAT and its four quarters of accepted or submitted reports, written in
    bulk (made afresh on each run). Returns the number of reports."""
    rng = random.Random(seed)  # noqa: S311 (benchmark data, no secret in it)
    old = Plan.objects.filter(region=regency, title__startswith="Bench ")
    Report.objects.filter(sub_activity__plan__in=old).delete()
    PlanProgram.objects.filter(plan__in=old).delete()
    old.filter(kind=Plan.Kind.RAT).delete()
    old.delete()
    Agency.objects.bulk_create(
        [
            Agency(
                code=f"bench-{n:02d}",
                name=f"Perangkat Daerah Uji {n:02d}",
                kind="opd",
                region=regency,
            )
            for n in range(1, scale.agencies + 1)
        ],
        ignore_conflicts=True,
    )
    agencies = list(Agency.objects.filter(region=regency, code__startswith="bench-"))
    villages = list(
        Region.objects.filter(code__startswith=regency.code + ".", level=Region.Level.VILLAGE)
        .order_by("code")
        .values_list("code", flat=True)
    )
    rpkd = Plan.objects.create(
        region=regency,
        kind=Plan.Kind.RPKD,
        first_year=YEAR - 1,
        last_year=YEAR + 3,
        title="Bench RPKD",
        created_by=secretariat,
    )
    rat = Plan.objects.create(
        region=regency,
        kind=Plan.Kind.RAT,
        first_year=YEAR,
        last_year=YEAR,
        parent=rpkd,
        title="Bench RAT",
        created_by=secretariat,
    )
    priorities = _bulk(
        Priority,
        [
            Priority(
                plan=rat, number=c, name=f"Prioritas {c}", strategy=STRATEGIES[c - 1], cluster=c
            )
            for c in range(1, 5)
        ],
    )
    programs = _bulk(
        PlanProgram,
        [
            PlanProgram(
                plan=rat, priority=priorities[i % 4], code=f"P.{i + 1:02d}", name=f"Program {i + 1}"
            )
            for i in range(len(agencies))
        ],
    )
    activities = _bulk(
        Activity,
        [
            Activity(program=p, code=f"{p.code}.{a + 1:02d}", name=f"Kegiatan {p.code}.{a + 1}")
            for p in programs
            for a in range(scale.activities_per_agency)
        ],
    )
    agency_of = {p.pk: agencies[i] for i, p in enumerate(programs)}
    subs = _bulk(
        SubActivity,
        [
            SubActivity(
                plan=rat,
                activity=a,
                code=f"{a.code}.{s + 1:02d}",
                name=f"Sub kegiatan {a.code}.{s + 1}",
                indicator="Keluarga menerima manfaat",
                unit="keluarga",
                agency=agency_of[a.program_id],
            )
            for a in activities
            for s in range(scale.subs_per_activity)
        ],
    )
    targets = {s.pk: Decimal(rng.randint(50, 2000)) for s in subs}
    _bulk(Target, [Target(sub_activity=s, year=YEAR, value=targets[s.pk]) for s in subs])
    funded: dict[int, list[tuple[str, Decimal]]] = {}
    for s in subs:
        sources = rng.sample(SOURCES, rng.randint(1, 2))
        funded[s.pk] = [(src, Decimal(rng.randint(10, 900)) * 1_000_000) for src in sources]
    _bulk(
        Allocation,
        [
            Allocation(sub_activity=s, year=YEAR, source=src, amount=amount)
            for s in subs
            for src, amount in funded[s.pk]
        ],
    )
    _bulk(Location, [Location(sub_activity=s, region_id=rng.choice(villages)) for s in subs])
    return _reports_fill(subs=subs, funded=funded, targets=targets, user=secretariat, rng=rng)


def _reports_fill(
    *,
    subs: list[SubActivity],
    funded: dict[int, list[tuple[str, Decimal]]],
    targets: dict[int, Decimal],
    user: User,
    rng: random.Random,
) -> int:
    reports: list[Report] = []
    spent: list[tuple[int, str, Decimal]] = []  # (index of the report, source, amount)
    for quarter in range(1, 5):
        due = date(YEAR, quarter * 3, 1) + timedelta(days=45)
        sent = timezone.make_aware(datetime(YEAR, quarter * 3, 28))
        for s in subs:
            if rng.random() < 0.05:  # some agencies miss a quarter
                continue
            total = rng.randint(0, 300)
            female = rng.randint(0, total)
            children = rng.randint(0, total)
            elderly = rng.randint(0, total - children)
            accepted = quarter < 4 or rng.random() < 0.5
            reports.append(
                Report(
                    sub_activity=s,
                    agency_id=s.agency_id,
                    year=YEAR,
                    quarter=quarter,
                    physical=(targets[s.pk] * Decimal(rng.randint(5, 30)) / 100).quantize(
                        Decimal("0.01")
                    ),
                    male=total - female,
                    female=female,
                    disabled=rng.randint(0, total // 10),
                    children=children,
                    adults=total - children - elderly,
                    elderly=elderly,
                    status=Report.Status.ACCEPTED if accepted else Report.Status.SUBMITTED,
                    due_on=due,
                    first_submitted_at=sent,
                    submitted_at=sent,
                    submitted_by=user,
                    reviewed_at=sent if accepted else None,
                    reviewed_by=user if accepted else None,
                )
            )
            for source, amount in funded[s.pk]:
                share = Decimal(rng.randint(5, 35)) / 100
                spent.append((len(reports) - 1, source, (amount * share).quantize(Decimal(1))))
    created = _bulk(Report, reports)
    _bulk(
        Spending,
        [Spending(report=created[i], source=source, amount=amount) for i, source, amount in spent],
    )
    return len(created)


def page_urls(region_code: str) -> dict[str, str]:
    """The pages the issue bounds at one second: the dashboard and each evaluation view."""
    query = {"wilayah": region_code, "tahun": YEAR, "triwulan": 4}
    urls = {"dasbor": reverse("monitoring:dashboard") + "?" + urlencode({"wilayah": region_code})}
    for dimension, _label in DIMENSION_CHOICES:
        urls[f"evaluasi per {dimension}"] = (
            reverse("evaluation:targets") + "?" + urlencode({**query, "per": dimension})
        )
    urls["sumber dana"] = reverse("evaluation:funding") + "?" + urlencode(query)
    return urls


def dashboard_bench(
    *, regency_code: str, seed: int, report: Timer, scale: MonitoringScale | None = None
) -> dict[str, Any]:
    scale = scale or MonitoringScale()
    regency = Region.objects.get(code=regency_code)
    secretariat = bench_secretariat(regency)
    leader = _bench_user("bench.pimpinan", Role.LEADER, regency)
    started = time.perf_counter()
    with transaction.atomic():
        count = realisation_fill(regency=regency, secretariat=secretariat, scale=scale, seed=seed)
    report("pemantauan: RAT dan realisasi 4 triwulan", time.perf_counter() - started, count)
    seconds = pages_timed(user=leader, urls=page_urls(regency_code))
    for name, value in seconds.items():
        report(f"halaman {name}", value, 1)
    return {
        "dashboard_s": round(max(seconds.values()), 2),
        "dashboard_pages_s": {name: round(value, 2) for name, value in seconds.items()},
        "realisation_reports": count,
    }
