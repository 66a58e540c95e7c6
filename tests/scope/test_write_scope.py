"""The write side of the scope matrix: every route that writes, aimed at another region's
objects (in its URL or in what it sends), is refused and leaves every table as it was.

Objects in the URL: the route's ``Detail`` in ``routes.py`` names one of Jember's; the
same user posts to it here. Objects in the payload: ``PAYLOADS`` below, one case per way a
write could reach outside (another regency, or another village of the same regency for a
village operator). A route that writes and is in neither fails
``test_every_writing_route_is_tried``.
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.apps import apps
from django.urls import URLResolver, get_resolver, reverse

from tests.personas import BLITAR, JATEN, JEMBER, OTHER_BLITAR_VILLAGE, PADOMASAN
from tests.scope.conftest import World
from tests.scope.routes import MATRIX, Detail, lp2kd_sent
from tests.snapshots import table_state

# Everything a product write could touch.
TABLES = tuple(
    model._meta.label
    for app in (
        "tkpk",
        "households",
        "programs",
        "complaints",
        "musrenbang",
        "monitoring",
        "reports",
    )
    for model in apps.get_app_config(app).get_models()
    # The audit log records refused attempts too; users and tokens record their last use.
    if model._meta.label not in {"tkpk.AuditEntry", "tkpk.User", "tkpk.ApiToken"}
)

# Writes that touch nothing of a region, or only the caller's own account.
UNSCOPED = {
    "login": "signs the caller in",
    "logout": "signs the caller out",
    "password_change": "the caller's own password",
    "set_language": "the caller's language",
    "complaints:form": "the public form: any village of the installation, by design",
    "jobs:worker-check": "a no-op job in the caller's own region",
    "audit:export": "exports the caller's own scope",
    "households:export": "exports the caller's own scope (tests/households: masking per region)",
    "households:person-nik": "a read (audited); the read matrix proves its 404",
    "api-nik-lookup": "a read (audited); the read matrix proves its 404",
    "api-program-eligibility": "a read (audited); the read matrix proves its 404",
    "households:batch-upload": "rows checked per region: tests/households/test_batch_scope.py",
    "api-batch-upload": "rows checked per region: tests/households/test_batch_scope.py",
    "recipients:batch-upload": "rows matched inside the list's region only",
    "api-recipient-batch-upload": "rows matched inside the list's region only",
    "monitoring:indicator-batch-list": "rows checked per region (tests/monitoring)",
}


@dataclass(frozen=True)
class Attempt:
    """A POST whose payload names something outside the caller's reach."""

    user: str
    url: Callable[[World], str]
    payload: Callable[[World], dict[str, Any]]
    api: bool = False
    # The statuses a refusal may answer with (a form shown again with its error, or 404).
    refused: tuple[int, ...] = (200, 400, 404)
    # Text that must not appear in the answer (what the caller may not learn).
    hides: tuple[str, ...] = field(default=())
    # The same payload naming nothing at all: the answer must read the same.
    unknown: Callable[[World], dict[str, Any]] | None = None


UNKNOWN_NIK = "3505011203859999"


def jember_nik(w: World) -> str:
    return w.jember_household.members.first().nik


def _group_form(w: World, *, village: str, nik: str) -> dict[str, Any]:
    from programs.models import Program

    return {
        "program": Program.objects.get(code="KUBE").pk,
        "village": village,
        "name": "Kelompok Baru",
        "business": "Warung",
        "stimulus_amount": 0,
        "loan_amount": 0,
        "grace_months": 2,
        "instalments": 10,
        "niks": nik,
    }


PAYLOADS: dict[str, list[Attempt]] = {
    "reports:lp2kd-list": [
        Attempt(
            "blitar_secretariat",
            lambda w: reverse("reports:lp2kd-list"),
            lambda w: {"region": JEMBER, "year": 2025},
            refused=(400,),
            hides=("Kabupaten Jember",),
        )
    ],
    "api-lp2kd-submission": [
        Attempt(
            "bpjs_blitar",
            lambda w: reverse("api-lp2kd-submission", args=[BLITAR, 2025]),
            lambda w: lp2kd_sent(JEMBER),  # Jember's report sent as Blitar's
            api=True,
            refused=(400,),
            hides=("Kabupaten Jember",),
        )
    ],
    "reports:profiles": [
        Attempt(
            "blitar_secretariat",
            lambda w: reverse("reports:profiles"),
            lambda w: {"area": "35.09.01"},
            refused=(400,),
        )
    ],
    "groups:members-add": [
        Attempt(
            "blitar_social_operator",
            lambda w: reverse("groups:members-add", args=[w.blitar_group.pk]),
            lambda w: {"niks": jember_nik(w)},
            hides=("Padomasan",),
            unknown=lambda w: {"niks": UNKNOWN_NIK},
        )
    ],
    "groups:create": [
        Attempt(
            "blitar_social_operator",
            lambda w: reverse("groups:create"),
            lambda w: _group_form(w, village=PADOMASAN, nik=w.blitar_member.person.nik),
        ),
        Attempt(
            "blitar_social_operator",
            lambda w: reverse("groups:create"),
            lambda w: _group_form(w, village=JATEN, nik=jember_nik(w)),
            hides=("Padomasan",),
            unknown=lambda w: _group_form(w, village=JATEN, nik=UNKNOWN_NIK),
        ),
    ],
    "groups:edit": [
        Attempt(
            "blitar_social_operator",
            lambda w: reverse("groups:edit", args=[w.blitar_group.pk]),
            lambda w: _group_form(w, village=PADOMASAN, nik=""),
        )
    ],
    "disbursements:period": [
        Attempt(
            "blitar_secretariat",
            lambda w: reverse("disbursements:period", args=[w.blitar_period.pk]),
            lambda w: {
                "region": JEMBER,
                "stage": "Tahap Jember",
                "planned_on": "2030-02-01",
                "planned_amount": 1000,
            },
        )
    ],
    "recipients:quotas": [
        Attempt(
            "blitar_secretariat",
            lambda w: reverse("recipients:quotas", args=["PKH", w.matrix_period.pk]),
            lambda w: {"region": JEMBER, "quota": 5},
        )
    ],
    "recipients:enrol": [
        Attempt(
            "blitar_social_operator",
            lambda w: reverse("recipients:enrol", args=["BLITAR-TOPUP"]),
            lambda w: {
                "period": w.matrix_period.pk,
                "nik": "3509011203850009",
                "name": "Orang Jember",
                "village_code": PADOMASAN,
            },
        )
    ],
    "recipients:periods": [
        Attempt(
            "blitar_secretariat",
            lambda w: reverse("recipients:periods", args=["JEMBER-TOPUP"]),
            lambda w: {"name": "2031", "starts_on": "2031-01-01", "ends_on": "2031-12-31"},
            refused=(404,),
        )
    ],
    "programs:create": [
        Attempt(
            "blitar_secretariat",
            lambda w: reverse("programs:create"),
            lambda w: {
                "code": "BANSOS-JEMBER",
                "owner_region": JEMBER,
                "name": "Bansos Jember",
                "cluster": 1,
                "strategy": "reduce_expenditure",
                "level": "regency",
                "funding_source": "apbd_regency",
                "target_unit": "household",
                "active_from": "2026-01-01",
            },
        )
    ],
    "programs:run-list": [
        Attempt(
            "blitar_secretariat",
            lambda w: reverse("programs:run-list"),
            lambda w: {"region": JEMBER, "reference_date": "2026-06-01"},
        )
    ],
    "complaints:create": [
        Attempt(
            "blitar_secretariat",
            lambda w: reverse("complaints:create"),
            lambda w: _office_complaint(PADOMASAN),
        ),
    ],
    "api-complaint-list": [
        Attempt(
            "bpjs_blitar",
            lambda w: reverse("api-complaint-list"),
            lambda w: {
                "category": "not_registered",
                "village": PADOMASAN,
                "description": "Keluarga miskin belum terdaftar.",
                "external_reference": "LUAR-1",
            },
            api=True,
            refused=(400, 404),
        )
    ],
    "musrenbang:year-create": [
        Attempt(
            "blitar_secretariat",
            lambda w: reverse("musrenbang:year-create"),
            lambda w: {"region": JEMBER, "year": 2030},
            hides=("Kabupaten Jember",),
        )
    ],
    "musrenbang:forum-create": [
        Attempt(
            "blitar_secretariat",
            lambda w: reverse("musrenbang:forum-create", args=[w.blitar_year.pk]),
            lambda w: _forum_form(PADOMASAN),
            hides=("Padomasan",),
        ),
        Attempt(
            "jaten_village_operator",
            lambda w: reverse("musrenbang:forum-create", args=[w.blitar_year.pk]),
            lambda w: _forum_form(OTHER_BLITAR_VILLAGE),
        ),
    ],
    "musrenbang:proposal-create": [
        Attempt(
            "blitar_secretariat",
            lambda w: reverse("musrenbang:proposal-create", args=[w.blitar_year.pk]),
            lambda w: _proposal_form(PADOMASAN),
            hides=("Padomasan",),
        ),
        Attempt(
            "jaten_village_operator",
            lambda w: reverse("musrenbang:proposal-create", args=[w.blitar_year.pk]),
            lambda w: _proposal_form(OTHER_BLITAR_VILLAGE),
        ),
        Attempt(
            "blitar_secretariat",
            lambda w: reverse("musrenbang:proposal-create", args=[w.blitar_year.pk]),
            lambda w: {**_proposal_form(JATEN), "repeats": w.jember_proposal.pk},
            refused=(400,),
            hides=("USULAN-JEMBER",),
        ),
    ],
    "musrenbang:proposal-edit": [
        Attempt(
            "jaten_village_operator",
            lambda w: reverse("musrenbang:proposal-edit", args=[w.blitar_proposal.pk]),
            lambda w: _proposal_form(OTHER_BLITAR_VILLAGE),
        ),
        Attempt(
            "blitar_secretariat",
            lambda w: reverse("musrenbang:proposal-edit", args=[w.blitar_proposal.pk]),
            lambda w: _proposal_form(PADOMASAN),
            hides=("Padomasan",),
        ),
    ],
    "musrenbang:routing": [
        Attempt(
            "blitar_secretariat",
            lambda w: reverse("musrenbang:routing", args=[w.blitar_year.pk]),
            lambda w: {"health": _jember_agency(w).pk},
            refused=(400,),
            hides=("Kabupaten Jember",),
        )
    ],
    "musrenbang:district-detail": [
        Attempt(
            "jaten_village_operator",
            lambda w: reverse("musrenbang:district-detail", args=[w.blitar_year.pk, "35.05.01"]),
            lambda w: {"amount": "1.000.000"},
            refused=(403, 404),
        )
    ],
    "musrenbang:proposal-upload": [
        Attempt(
            "blitar_secretariat",
            lambda w: reverse("musrenbang:proposal-upload", args=[w.blitar_year.pk]),
            lambda w: {"forum": w.jember_forum.pk, "file": _proposal_sheet()},
            hides=("Padomasan", "MUSDES-JEMBER"),
            unknown=lambda w: {"forum": 987654321, "file": _proposal_sheet()},
        )
    ],
    "monitoring:decree-create": [
        Attempt(
            "blitar_secretariat",
            lambda w: reverse("monitoring:decree-create"),
            lambda w: {
                "region": JEMBER,
                "sk_number": "SK-LUAR",
                "sk_date": "2026-01-05",
                "term_start": "2026-01-01",
                "term_end": "2030-12-31",
            },
            refused=(400,),
            hides=("Kabupaten Jember",),
        )
    ],
    "monitoring:meeting-create": [
        Attempt(
            "blitar_secretariat",
            lambda w: reverse("monitoring:meeting-create"),
            lambda w: {
                "region": JEMBER,
                "title": "Rakor luar",
                "held_on": "2026-03-01",
                "place": "Balai",
                "agenda": "Agenda",
            },
            refused=(400,),
            hides=("Kabupaten Jember",),
        )
    ],
    "monitoring:member-add": [
        Attempt(
            "blitar_secretariat",
            lambda w: reverse("monitoring:member-add", args=[w.blitar_decree.pk]),
            lambda w: {
                "position": "member",
                "name": "Kepala Dinsos Jember",
                "title": "Kepala Dinas",
                "element": "government",
                "agency": _jember_agency(w).pk,
            },
            refused=(400,),
        )
    ],
    "monitoring:member-edit": [
        Attempt(
            "blitar_secretariat",
            lambda w: reverse("monitoring:member-edit", args=[w.blitar_tkpk_member.pk]),
            lambda w: {
                "position": "member",
                "name": "Kepala Dinsos Jember",
                "title": "Kepala Dinas",
                "element": "government",
                "agency": _jember_agency(w).pk,
            },
            refused=(400,),
        )
    ],
    "monitoring:attendee-add": [
        Attempt(
            "blitar_secretariat",
            lambda w: reverse("monitoring:attendee-add", args=[w.blitar_meeting.pk]),
            lambda w: {"name": "Tamu", "sex": "P", "agency": _jember_agency(w).pk},
            refused=(400,),
        )
    ],
    "monitoring:follow-up-add": [
        Attempt(
            "blitar_secretariat",
            lambda w: reverse("monitoring:follow-up-add", args=[w.blitar_meeting.pk]),
            lambda w: _follow_up_form(_jember_agency(w).pk),
            refused=(400,),
        )
    ],
    "monitoring:follow-up-edit": [
        Attempt(
            "blitar_secretariat",
            lambda w: reverse("monitoring:follow-up-edit", args=[w.blitar_follow_up.pk]),
            lambda w: _follow_up_form(_jember_agency(w).pk),
            refused=(400,),
        )
    ],
    "monitoring:indicator-create": [
        Attempt(
            "blitar_secretariat",
            lambda w: reverse("monitoring:indicator-create"),
            lambda w: {
                "region": JEMBER,
                "indicator": "p0",
                "year": 2024,
                "period": "march",
                "value": "9,1",
                "source": "BPS",
            },
            refused=(400,),
            hides=("Kabupaten Jember",),
        )
    ],
    "api-indicator-list": [
        Attempt(
            "bpjs_blitar",
            lambda w: reverse("api-indicator-list"),
            lambda w: {
                "values": [
                    {
                        "region": JEMBER,
                        "indicator": "p0",
                        "year": 2024,
                        "period": "march",
                        "value": "9,1",
                        "source": "BPS",
                    }
                ]
            },
            api=True,
            refused=(400,),
        )
    ],
    "plans:create": [
        Attempt(
            "blitar_secretariat",
            lambda w: reverse("plans:create"),
            lambda w: {"region": JEMBER, "first_year": 2030, "title": "RPKD Jember"},
            hides=("Kabupaten Jember",),
        )
    ],
    "plans:sub-activity-edit": [
        Attempt(
            "blitar_secretariat",
            lambda w: reverse("plans:sub-activity-edit", args=[_plan_sub(w).pk]),
            lambda w: _sub_activity_form(w, locations=PADOMASAN),
            hides=("Padomasan",),
        ),
        Attempt(
            "blitar_secretariat",
            lambda w: reverse("plans:sub-activity-edit", args=[_plan_sub(w).pk]),
            lambda w: _sub_activity_form(w, agency=w.plans.world.jember.health.pk),
        ),
    ],
    "plans:locations": [
        Attempt(
            "blitar_secretariat",
            lambda w: reverse("plans:locations", args=[w.plans.world.blitar.rat.pk]),
            lambda w: {
                "sub_activity": w.plans.world.blitar.subs["1.02.02.2.01.0001"].pk,
                "codes": [PADOMASAN],
            },
            hides=("Padomasan",),
        ),
        Attempt(
            "blitar_secretariat",
            lambda w: reverse("plans:locations", args=[w.plans.world.blitar.rat.pk]),
            lambda w: {
                "sub_activity": w.plans.world.jember.subs["1.02.02.2.01.0001"].pk,
                "codes": [JATEN],
            },
        ),
    ],
    "realisation:deadline": [
        Attempt(
            "blitar_secretariat",
            lambda w: reverse("realisation:deadline"),
            lambda w: {"region": JEMBER, "deadline_days": 3},
            hides=("Kabupaten Jember",),
        )
    ],
    "visits:create": [
        Attempt(
            "blitar_secretariat",
            lambda w: reverse("visits:create"),
            lambda w: _visit_form(region=PADOMASAN),
            hides=("Padomasan",),
        ),
        Attempt(
            "blitar_secretariat",
            lambda w: reverse("visits:create"),
            lambda w: _visit_form(
                region=JATEN, sub_activity=w.plans.world.jember.subs["1.02.02.2.01.0001"].pk
            ),
        ),
    ],
    "api-realisation-list": [
        Attempt(
            "blitar_agency_officer",
            lambda w: reverse("api-realisation-list"),
            lambda w: {
                "sub_activity": w.plans.world.jember.subs["1.02.02.2.01.0001"].pk,
                "year": 2026,
                "quarter": 1,
                "physical": "1",
            },
            api=True,
            refused=(404,),
        )
    ],
    "complaints:household": [
        Attempt(
            "blitar_secretariat",
            lambda w: reverse("complaints:household", args=[_complaint_naming_jember(w).pk]),
            lambda w: {},
            refused=(302, 404),
        )
    ],
}


def _jember_agency(w: World) -> Any:
    from tkpk.models import Agency

    return Agency.objects.get(region_id=JEMBER, code="dinsos")


def _follow_up_form(owner: int) -> dict[str, Any]:
    return {
        "action": "Tindak lanjut luar wilayah",
        "owner": owner,
        "due_on": "2026-05-01",
        "status": "open",
    }


def _plan_sub(w: World) -> Any:
    return w.plans.world.blitar.rpkd_subs["1.02.02.2.01.0001"]


def _sub_activity_form(w: World, **overrides: Any) -> dict[str, Any]:
    sub = _plan_sub(w)
    form = {
        "code": sub.code,
        "name": sub.name,
        "indicator": sub.indicator,
        "unit": sub.unit,
        "agency": sub.agency_id,
        "locations": "35.05.01",
        "target_2026": "100",
        "budget_2026_apbn": "1.000.000",
    }
    form.update(overrides)
    return form


def _visit_form(**overrides: Any) -> dict[str, Any]:
    form = {
        "region": JATEN,
        "visited_on": "2026-09-01",
        "monitor_kind": "ngo",
        "monitor_name": "Pemantau",
        "findings": "Temuan",
    }
    form.update(overrides)
    return form


def _forum_form(region: str) -> dict[str, Any]:
    return {
        "region": region,
        "kind": "general",
        "name": "Musdes luar",
        "held_on": "2026-01-20",
        "place": "Balai",
    }


def _proposal_form(village: str) -> dict[str, Any]:
    return {
        "title": "Usulan di luar wilayah",
        "problem": "Masalah",
        "village": village,
        "field_of_affairs": "social",
        "volume": "1",
        "unit": "paket",
        "estimated_cost": "1.000.000",
        "beneficiaries": "1",
        "beneficiary_kind": "household",
    }


def _office_complaint(village: str) -> dict[str, Any]:
    return {
        "channel": "phone",
        "category": "not_registered",
        "village": village,
        "description": "Keluarga miskin belum terdaftar.",
        "reporter_name": "Penelepon",
    }


def _complaint_naming_jember(w: World) -> Any:
    """A Blitar complaint about a NIK registered in Jember."""
    from complaints.services import ComplaintInput, complaint_file

    return complaint_file(
        data=ComplaintInput(
            category="not_registered",
            village=JATEN,
            description="Warga ini belum menerima bantuan.",
            nik=jember_nik(w),
        )
    )


def writing_routes() -> set[str]:
    """Routes whose view handles POST, PUT, PATCH or DELETE."""
    names: set[str] = set()

    def walk(patterns: list[Any], namespace: list[str]) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if pattern.namespace != "admin":
                    walk(
                        pattern.url_patterns,
                        namespace + ([pattern.namespace] if pattern.namespace else []),
                    )
                continue
            view = pattern.callback
            view_class = getattr(view, "cls", None) or getattr(view, "view_class", None)
            if view_class is not None:
                writes = any(hasattr(view_class, m) for m in ("post", "put", "patch", "delete"))
            else:
                writes = "POST" in inspect.getsource(inspect.unwrap(view))
            if writes:
                names.add(":".join([*namespace, pattern.name]))

    walk(get_resolver().url_patterns, [])
    return names


def posted_by_url() -> list[str]:
    return sorted(
        name
        for name in writing_routes()
        if isinstance(MATRIX.get(name), Detail) and name not in UNSCOPED
    )


def test_every_writing_route_is_tried():
    tried = set(posted_by_url()) | PAYLOADS.keys() | UNSCOPED.keys()
    assert writing_routes() - tried == set()


def _client(world: World, user: str, *, api: bool, login, api_client) -> Any:
    if user == "bpjs_blitar":
        return api_client(world.people.bpjs_blitar_key)
    person = getattr(world.people, user)
    if api:
        client = api_client()
        client.force_authenticate(person)
        return client
    return login(person)


@pytest.mark.parametrize("name", posted_by_url())
def test_a_write_to_another_regions_object_is_refused_and_changes_nothing(name, world, login, api):
    case = MATRIX[name]
    assert isinstance(case, Detail)
    client = _client(world, case.user, api=case.api, login=login, api_client=api)
    url = case.out_of_scope(world)
    url = url[0] if isinstance(url, tuple) else url
    before = table_state(*TABLES)
    outside = client.post(url, {})
    missing = case.missing(world)
    missing_answer = client.post(missing[0] if isinstance(missing, tuple) else missing, {})
    assert outside.status_code == missing_answer.status_code == 404
    assert table_state(*TABLES) == before


@pytest.mark.parametrize(
    ("name", "attempt"),
    [(name, attempt) for name, attempts in sorted(PAYLOADS.items()) for attempt in attempts],
    ids=[
        f"{name}-{i}" for name, attempts in sorted(PAYLOADS.items()) for i in range(len(attempts))
    ],
)
def test_a_write_naming_another_regions_data_is_refused_and_changes_nothing(
    name, attempt, world, login, api
):
    client = _client(world, attempt.user, api=attempt.api, login=login, api_client=api)
    url = attempt.url(world)
    payload = attempt.payload(world)
    before = table_state(*TABLES)
    if attempt.api:
        response = client.post(url, payload, format="json")
    else:
        response = client.post(url, payload)
    assert response.status_code in attempt.refused, response.content[:500]
    assert table_state(*TABLES) == before
    body = response.content.decode(errors="replace")
    for hidden in attempt.hides:
        assert hidden not in body
    assert "Traceback" not in body
    if attempt.unknown is not None:
        payload = attempt.unknown(world)
        unknown = client.post(url, payload)
        assert unknown.status_code == response.status_code
        assert _page_text(unknown, UNKNOWN_NIK) == _page_text(response, jember_nik(world))


def _page_text(response: Any, nik: str) -> str:
    """The answer with the NIK the caller typed and the per-request CSRF token blanked."""
    text = response.content.decode().replace(nik, "NIK")
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", text)


def test_a_village_operators_complaint_lands_in_their_own_village(world, login):
    from complaints.models import Complaint

    client = login(world.people.jaten_village_operator)
    response = client.post(reverse("complaints:create"), _office_complaint(OTHER_BLITAR_VILLAGE))
    assert response.status_code == 302
    assert Complaint.objects.latest("id").village_id == JATEN


def _proposal_sheet() -> Any:
    from django.core.files.uploadedfile import SimpleUploadedFile

    content = (
        "kode_desa,judul,masalah,fisik,bidang_urusan,volume,satuan,biaya,penerima_manfaat,"
        f"jenis_penerima\n{PADOMASAN},Jalan,M,ya,public_works,1,m,1.000.000,1,village\n"
    )
    return SimpleUploadedFile("usulan.csv", content.encode(), "text/csv")
