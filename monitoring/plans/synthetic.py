"""A demo RPKD 2025-2029 with its RAT 2026 over a regency, a year of quarterly realisation by
several agencies (some late, one returned, some missing), and a field visit. Built through
the services, deterministic for a seed. The figures are synthetic, not a real plan."""

from __future__ import annotations

import io
import random
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from monitoring.models import Plan, Report
from monitoring.plans.selectors import location_suggestions
from monitoring.plans.services import (
    AllocationInput,
    SubActivityInput,
    activity_add,
    plan_create,
    plan_program_add,
    priority_add,
    rat_create,
    sub_activity_save,
)
from monitoring.realisation.services import (
    Beneficiaries,
    ReportInput,
    deadline_days,
    quarter_end,
    realisation_review,
    realisation_submit,
)
from monitoring.visits.services import VisitInput, visit_record
from musrenbang.models import Proposal
from programs.groups.photos import visit_photos_check
from tkpk.models import Agency, Region, RoleAssignment, User
from tkpk.roles import Role
from tkpk.services.demo import DEMO_PASSWORD, agencies_ensure_standard

RPKD_FIRST_YEAR = 2025
RAT_YEAR = 2026

# (priority number, name, strategy, cluster, program code, name, catalogue code,
#  [(activity code, name, [(sub code, name, indicator, unit, agency, yearly target,
#    {source: yearly budget in million rupiah})])])
PLAN = [
    (
        1,
        "Mengurangi beban pengeluaran keluarga miskin",
        "reduce_expenditure",
        1,
        "1.06.03",
        "Program rehabilitasi sosial",
        "PKH",
        [
            (
                "1.06.03.2.01",
                "Pendampingan keluarga penerima manfaat",
                [
                    (
                        "0001",
                        "Pendampingan KPM PKH",
                        "KPM didampingi",
                        "keluarga",
                        "dinsos",
                        1200,
                        {"apbn": 900, "apbd_regency": 300},
                    ),
                    (
                        "0002",
                        "Bantuan sembako daerah",
                        "Keluarga menerima sembako daerah",
                        "keluarga",
                        "dinsos",
                        800,
                        {"apbd_regency": 1600},
                    ),
                ],
            ),
            (
                "1.02.02.2.02",
                "Jaminan kesehatan penduduk miskin",
                [
                    (
                        "0001",
                        "Iuran PBI daerah",
                        "Jiwa terdaftar PBI daerah",
                        "jiwa",
                        "dinkes",
                        5000,
                        {"apbd_regency": 2500, "apbd_province": 500},
                    ),
                ],
            ),
            (
                "1.01.02.2.01",
                "Bantuan pendidikan siswa miskin",
                [
                    (
                        "0001",
                        "Beasiswa siswa miskin",
                        "Siswa penerima beasiswa",
                        "siswa",
                        "disdik",
                        600,
                        {"apbd_regency": 900, "non_government": 200},
                    ),
                ],
            ),
        ],
    ),
    (
        2,
        "Mengurangi kantong kemiskinan",
        "poverty_pockets",
        2,
        "1.04.02",
        "Program perumahan dan kawasan permukiman",
        "RUTILAHU",
        [
            (
                "1.04.02.2.01",
                "Rehabilitasi rumah tidak layak huni",
                [
                    (
                        "0001",
                        "Bedah rumah keluarga miskin",
                        "Rumah direhabilitasi",
                        "unit",
                        "pupr",
                        150,
                        {"apbd_regency": 2250, "apbdes": 750},
                    ),
                    (
                        "0002",
                        "Jamban sehat",
                        "Jamban dibangun",
                        "unit",
                        "pupr",
                        300,
                        {"apbdes": 600},
                    ),
                ],
            ),
            (
                "2.13.03.2.01",
                "Pemberdayaan masyarakat desa",
                [
                    (
                        "0001",
                        "Padat karya desa",
                        "Hari orang kerja",
                        "HOK",
                        "dpmd",
                        9000,
                        {"apbdes": 1350},
                    ),
                ],
            ),
        ],
    ),
    (
        3,
        "Meningkatkan pendapatan keluarga miskin",
        "raise_income",
        3,
        "2.17.05",
        "Program pemberdayaan usaha mikro",
        "KUBE",
        [
            (
                "2.17.05.2.01",
                "Pemberdayaan kelompok usaha",
                [
                    (
                        "0001",
                        "Modal stimulan KUBE",
                        "Kelompok menerima modal",
                        "kelompok",
                        "dinkop",
                        60,
                        {"apbn": 600, "apbd_regency": 300},
                    ),
                    (
                        "0002",
                        "Pelatihan usaha perempuan",
                        "Peserta pelatihan",
                        "orang",
                        "dinkop",
                        400,
                        {"apbd_province": 400, "non_government": 100},
                    ),
                ],
            ),
        ],
    ),
]
DONOR = "Baznas Kabupaten (contoh)"
OFFICERS = {
    "dinsos": "opd.sosial",
    "dinkes": "opd.kesehatan",
    "disdik": "opd.pendidikan",
    "pupr": "opd.pupr",
    "dinkop": "opd.koperasi",
    "dpmd": "opd.dpmd",
}
MILLION = Decimal(1_000_000)


@dataclass(frozen=True)
class PlansDemo:
    rpkd: Plan
    rat: Plan
    sub_activities: int
    reports: int
    late: int
    returned: int
    missing: int


def _officers(regency: Region, agencies: dict[str, Agency]) -> dict[str, User]:
    users = {}
    for code, username in OFFICERS.items():
        user, created = User.objects.get_or_create(username=username)
        if created:
            user.first_name = f"Petugas {agencies[code].name}"
            user.set_password(DEMO_PASSWORD)
            user.save()
        RoleAssignment.objects.update_or_create(
            user=user, role=Role.AGENCY_OFFICER, region=regency, defaults={"agency": agencies[code]}
        )
        users[code] = user
    return users


def plans_generate(*, regency_code: str, seed: int, username: str) -> PlansDemo:
    """Idempotent: a second run finds the RPKD and changes nothing."""
    rng = random.Random(seed)  # noqa: S311 (demo data, no secret in it)
    regency = Region.objects.get(code=regency_code, level=Region.Level.REGENCY)
    secretariat = User.objects.get(username=username)
    existing = Plan.objects.filter(
        region=regency, kind=Plan.Kind.RPKD, first_year=RPKD_FIRST_YEAR
    ).first()
    if existing is not None:
        rat = existing.action_plans.get(first_year=RAT_YEAR)
        return _summary(existing, rat)
    agencies = agencies_ensure_standard(region=regency)
    officers = _officers(regency, agencies)
    with transaction.atomic():
        rpkd = plan_create(
            user=secretariat,
            region_code=regency.code,
            first_year=RPKD_FIRST_YEAR,
            title=f"RPKD {regency.name} 2025-2029 (contoh)",
        )
        suggested = [s.code for s in location_suggestions(plan=rpkd, limit=30)]
        districts = list(
            Region.objects.filter(code__startswith=regency.code + ".", level=Region.Level.DISTRICT)
            .order_by("code")
            .values_list("code", flat=True)
        )
        proposals = list(
            Proposal.objects.filter(
                planning_year__region=regency, status=Proposal.Status.ACCEPTED
            ).order_by("id")[:6]
        )
        for number, name, strategy, cluster, pcode, pname, catalogue, activities in PLAN:
            priority = priority_add(
                user=secretariat,
                plan=rpkd,
                number=number,
                name=name,
                strategy=strategy,
                cluster=cluster,
            )
            program = plan_program_add(
                user=secretariat,
                priority=priority,
                code=pcode,
                name=pname,
                catalogue_code=catalogue,
            )
            for acode, aname, subs in activities:
                activity = activity_add(user=secretariat, program=program, code=acode, name=aname)
                for scode, sname, indicator, unit, agency, target, budget in subs:
                    growth = [Decimal(1) + Decimal(i) / 10 for i in range(5)]
                    locations = rng.sample(suggested, min(4, len(suggested))) if suggested else []
                    if not locations and districts:
                        locations = rng.sample(districts, min(2, len(districts)))
                    linked = [proposals.pop().pk] if proposals and agency == "pupr" else []
                    sub_activity_save(
                        user=secretariat,
                        activity=activity,
                        data=SubActivityInput(
                            code=f"{acode}.{scode}",
                            name=sname,
                            indicator=indicator,
                            unit=unit,
                            baseline=Decimal(target) * Decimal("0.6"),
                            agency_id=agencies[agency].pk,
                            targets={
                                y: (Decimal(target) * g).quantize(Decimal(1))
                                for y, g in zip(rpkd.years, growth, strict=True)
                            },
                            allocations=[
                                AllocationInput(
                                    year=y,
                                    source=source,
                                    amount=(Decimal(m) * g * MILLION).quantize(Decimal(1)),
                                    donor=DONOR if source == "non_government" else "",
                                )
                                for y, g in zip(rpkd.years, growth, strict=True)
                                for source, m in budget.items()
                            ],
                            location_codes=locations,
                            proposal_ids=linked,
                        ),
                    )
        rat = rat_create(user=secretariat, rpkd=rpkd, year=RAT_YEAR)
        _realisation(rng=rng, rat=rat, officers=officers, secretariat=secretariat)
        _visit(rat=rat, secretariat=secretariat)
    return _summary(rpkd, rat)


def _realisation(
    *, rng: random.Random, rat: Plan, officers: dict[str, User], secretariat: User
) -> None:
    """Every ended quarter of the RAT year: most sub-activities report, on time or a few
    days late; one agency misses the last ended quarter; one report is returned."""
    today = timezone.localdate()
    days = deadline_days(region_code=rat.region_id)
    subs = list(rat.sub_activities.select_related("agency").order_by("code"))
    returned = False
    agency_codes = {a.pk: a.code for a in Agency.objects.filter(region_id=rat.region_id)}
    ended = [q for q in range(1, 5) if quarter_end(rat.first_year, q) < today]
    for quarter in ended:
        for sub in subs:
            agency = agency_codes[sub.agency_id]
            if quarter == ended[-1] and agency == "dpmd":
                continue  # missing: flagged to the secretariat and on the officer's page
            target = sub.targets.get(year=rat.first_year).value
            budget = {a.source: a.amount for a in sub.allocations.filter(year=rat.first_year)}
            share = Decimal(rng.randint(15, 30)) / 100
            if agency == "pupr":
                share = Decimal(rng.randint(5, 12)) / 100  # a slow absorber: flagged from Q3
            people = rng.randint(20, 200)
            women = people // 2 + rng.randint(0, 10)
            children = people // 4
            elderly = people // 10
            due = quarter_end(rat.first_year, quarter) + timedelta(days=days)
            sent = due - timedelta(days=rng.randint(1, 8))
            if agency == "disdik":
                sent = due + timedelta(days=rng.randint(3, 20))  # late
            sent = min(sent, today)
            report, _ = realisation_submit(
                user=officers[agency],
                sub_activity=sub,
                year=rat.first_year,
                quarter=quarter,
                data=ReportInput(
                    physical=(target * share).quantize(Decimal(1)),
                    spending={
                        s: (amount * share).quantize(Decimal(1)) for s, amount in budget.items()
                    },
                    beneficiaries=Beneficiaries(
                        male=people,
                        female=women,
                        disabled=rng.randint(0, 5),
                        children=children,
                        adults=people + women - children - elderly,
                        elderly=elderly,
                    ),
                    problems=rng.choice(
                        ["", "Data penerima belum padan", "Cuaca menghambat pekerjaan"]
                    ),
                    follow_up=rng.choice(["", "Koordinasi dengan desa", "Jadwal ulang"]),
                ),
                today=sent,
            )
            if quarter == ended[-1] and not returned and agency == "dinkes":
                realisation_review(
                    user=secretariat,
                    report=report,
                    accept=False,
                    reason="Bukti kegiatan belum dilampirkan (contoh).",
                )
                returned = True
            elif quarter < ended[-1] or agency in ("dinsos", "pupr"):
                realisation_review(user=secretariat, report=report, accept=True)


def _visit(*, rat: Plan, secretariat: User) -> None:
    from PIL import Image

    sub = rat.sub_activities.filter(agency__code="pupr").order_by("code").first()
    location = sub.locations.order_by("region_id").first() if sub is not None else None
    image = io.BytesIO()
    Image.new("RGB", (64, 48), (150, 110, 70)).save(image, "JPEG")
    image.seek(0)
    visit_record(
        user=secretariat,
        data=VisitInput(
            region_code=location.region_id if location is not None else rat.region_id,
            sub_activity_id=sub.pk if sub is not None else None,
            visited_on=min(timezone.localdate(), date(rat.first_year, 9, 15)),
            monitor_kind="university",
            monitor_name="Tim pemantau perguruan tinggi (contoh)",
            findings="Dua dari lima rumah belum selesai; atap memakai bahan bekas.",
            recommendations=[
                "Percepat pengadaan bahan atap.",
                "Cocokkan daftar penerima dengan registri desil 1-4.",
            ],
        ),
        photos=visit_photos_check([("rumah.jpg", image)]),
    )


def _summary(rpkd: Plan, rat: Plan) -> PlansDemo:
    reports = Report.objects.filter(sub_activity__plan=rat)
    late = sum(1 for r in reports.only("first_submitted_at", "due_on") if r.is_late)
    ended = [q for q in range(1, 5) if quarter_end(rat.first_year, q) < timezone.localdate()]
    subs = rat.sub_activities.count()
    return PlansDemo(
        rpkd=rpkd,
        rat=rat,
        sub_activities=subs,
        reports=reports.count(),
        late=late,
        returned=reports.filter(status=Report.Status.RETURNED).count(),
        missing=subs * len(ended) - reports.count(),
    )
