"""A small RPKD 2025-2029 with its RAT 2026, in Blitar and in Jember, built through the
services; agencies with officers; helpers to report a quarter. Functions, not fixtures, so
that they never collide with other monitoring tests' conftest."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from monitoring.models import Activity, Plan, Report, SubActivity
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
from monitoring.realisation.services import Beneficiaries, ReportInput, realisation_submit
from tests.personas import BLITAR, BLITAR_DISTRICT, JATEN, JEMBER, PADOMASAN, Cast, person
from tkpk.models import Agency, RoleAssignment, User
from tkpk.roles import Role
from tkpk.services.api_tokens import api_token_issue

# After every quarter of 2026 is due (default deadline: 10 days after the quarter ends).
AFTER_2026 = date(2027, 1, 20)


@dataclass
class Side:
    rpkd: Plan
    rat: Plan
    health: Agency
    social: Agency
    # RAT 2026 sub-activities by code.
    subs: dict[str, SubActivity] = field(default_factory=dict)
    rpkd_subs: dict[str, SubActivity] = field(default_factory=dict)


@dataclass
class PlanWorld:
    people: Cast
    blitar: Side
    jember: Side
    health_officer: User  # Blitar Dinas Kesehatan
    social_officer: User  # Blitar Dinas Sosial
    jember_health_officer: User
    health_system: User  # Blitar Dinas Kesehatan's own system (API client)
    health_system_key: str


def agency(region: str, code: str, name: str) -> Agency:
    return Agency.objects.get_or_create(
        region_id=region, code=code, defaults={"name": name, "kind": Agency.Kind.OPD}
    )[0]


def _side(user: User, region: str, location: str, marker: str) -> Side:
    health = agency(region, "dinkes", f"Dinas Kesehatan {marker}")
    social = agency(region, "dinsos", f"Dinas Sosial {marker}")
    rpkd = plan_create(user=user, region_code=region, first_year=2025, title=f"RPKD-{marker}")
    p1 = priority_add(
        user=user,
        plan=rpkd,
        number=1,
        name="Mengurangi beban pengeluaran keluarga miskin",
        strategy="reduce_expenditure",
        cluster=1,
    )
    p2 = priority_add(
        user=user,
        plan=rpkd,
        number=2,
        name="Pemberdayaan kelompok usaha",
        strategy="raise_income",
        cluster=2,
    )
    health_program = plan_program_add(
        user=user, priority=p1, code="1.02.02", name="Pemenuhan upaya kesehatan"
    )
    social_program = plan_program_add(
        user=user, priority=p2, code="1.06.04", name="Pemberdayaan sosial"
    )
    a1 = activity_add(user=user, program=health_program, code="1.02.02.2.01", name="Kesehatan")
    a2 = activity_add(user=user, program=social_program, code="1.06.04.2.01", name="Usaha")
    side = Side(rpkd=rpkd, rat=rpkd, health=health, social=social)
    specs: list[tuple[Activity, str, Agency, Decimal, list[AllocationInput]]] = [
        (
            a1,
            "1.02.02.2.01.0001",
            health,
            Decimal("100"),
            [
                AllocationInput(2026, "apbd_regency", Decimal("100000000")),
                AllocationInput(2026, "apbn", Decimal("50000000")),
            ],
        ),
        (
            a1,
            "1.02.02.2.01.0002",
            health,
            Decimal("40"),
            [AllocationInput(2026, "apbd_province", Decimal("20000000"))],
        ),
        (
            a2,
            "1.06.04.2.01.0001",
            social,
            Decimal("10"),
            [
                AllocationInput(2026, "apbdes", Decimal("30000000")),
                AllocationInput(2026, "non_government", Decimal("10000000"), donor="Baznas"),
            ],
        ),
    ]
    for activity, code, owner, target, allocations in specs:
        sub = sub_activity_save(
            user=user,
            activity=activity,
            data=SubActivityInput(
                code=code,
                name=f"Sub {code} {marker}",
                indicator=f"Penerima layanan {code}",
                unit="orang",
                agency_id=owner.pk,
                targets={2025: target / 2, 2026: target, 2027: target},
                allocations=[AllocationInput(2025, "apbd_regency", Decimal("1000")), *allocations],
                location_codes=[location],
            ),
        )
        side.rpkd_subs[code] = sub
    side.rat = rat_create(user=user, rpkd=rpkd, year=2026)
    side.subs = {s.code: s for s in side.rat.sub_activities.all()}
    return side


def plan_world(people: Cast) -> PlanWorld:
    blitar = _side(people.blitar_secretariat, BLITAR, BLITAR_DISTRICT, "BLITAR")
    jember = _side(people.jember_secretariat, JEMBER, PADOMASAN, "JEMBER")
    # The shared persona is Blitar's Dinas Kesehatan officer here.
    RoleAssignment.objects.filter(user=people.blitar_agency_officer).update(agency=blitar.health)
    people.blitar_agency_officer.__dict__.pop("_tkpk_assignments", None)
    system = person("sistem.dinkes.blitar", Role.API_CLIENT, BLITAR, agency=blitar.health)
    _, key = api_token_issue(assignment=system.role_assignments.get(), name="uji", actor=None)
    return PlanWorld(
        people=people,
        blitar=blitar,
        jember=jember,
        health_officer=people.blitar_agency_officer,
        social_officer=person(
            "opd.dinsos.blitar", Role.AGENCY_OFFICER, BLITAR, agency=blitar.social
        ),
        jember_health_officer=person(
            "opd.dinkes.jember", Role.AGENCY_OFFICER, JEMBER, agency=jember.health
        ),
        health_system=system,
        health_system_key=key,
    )


def report_input(**overrides: Any) -> ReportInput:
    values: dict[str, Any] = {
        "physical": Decimal("20"),
        "spending": {"apbd_regency": Decimal("20000000")},
        "beneficiaries": Beneficiaries(
            male=10, female=10, disabled=2, children=5, adults=12, elderly=3
        ),
        "problems": "Cuaca",
        "follow_up": "Jadwal ulang",
    }
    values.update(overrides)
    return ReportInput(**values)


def report(
    user: User, sub: SubActivity, quarter: int, *, today: date = AFTER_2026, **overrides: Any
) -> Report:
    done, _outcome = realisation_submit(
        user=user,
        sub_activity=sub,
        year=2026,
        quarter=quarter,
        data=report_input(**overrides),
        today=today,
    )
    return done


__all__ = ["JATEN", "PlanWorld", "plan_world", "report", "report_input"]


@dataclass
class PlanMatrix:
    """One of each monitoring object in Blitar and in Jember, for the scope matrix."""

    world: PlanWorld
    blitar_activity: Activity
    jember_activity: Activity
    blitar_report: Report
    jember_report: Report
    blitar_evidence: Any
    jember_evidence: Any
    blitar_visit: Any
    jember_visit: Any
    blitar_recommendation: Any
    jember_recommendation: Any
    blitar_visit_photo: Any
    jember_visit_photo: Any


def plan_matrix_world(people: Cast) -> PlanMatrix:
    import io

    from monitoring.visits.services import VisitInput, visit_record
    from programs.groups.photos import visit_photos_check
    from tests.programs.groupdata import jpeg
    from tkpk.attachments import attachment_check

    world = plan_world(people)
    code = "1.02.02.2.01.0001"
    objects: dict[str, Any] = {}
    for side, officer, secretariat, village in (
        ("blitar", world.health_officer, people.blitar_secretariat, JATEN),
        ("jember", world.jember_health_officer, people.jember_secretariat, PADOMASAN),
    ):
        plans = getattr(world, side)
        done = report(
            officer,
            plans.subs[code],
            1,
            evidence=[
                attachment_check(
                    name="bukti.jpg", content=jpeg((side == "blitar" and "red") or "blue")
                )
            ],
        )
        visit = visit_record(
            user=secretariat,
            data=VisitInput(
                region_code=village,
                sub_activity_id=plans.subs[code].pk,
                visited_on=date(2026, 9, 1),
                monitor_kind="ngo",
                monitor_name=f"VISIT-{side.upper()}",
                findings="Temuan",
                recommendations=["Tindak lanjuti"],
            ),
            photos=visit_photos_check([("foto.jpg", io.BytesIO(jpeg("green")))]),
        )
        objects[f"{side}_activity"] = plans.rpkd_subs[code].activity
        objects[f"{side}_report"] = done
        objects[f"{side}_evidence"] = done.evidence.get()
        objects[f"{side}_visit"] = visit
        objects[f"{side}_recommendation"] = visit.recommendations.get()
        objects[f"{side}_visit_photo"] = visit.photos.get()
    return PlanMatrix(world=world, **objects)
