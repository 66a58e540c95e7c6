"""The realisation and plans API: an agency's own system pushes its quarter idempotently;
reads are scoped and paginated."""

from __future__ import annotations

import base64

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from monitoring.models import Correction, Report
from monitoring.realisation.services import realisation_review
from tests.monitoring.planworld import plan_world
from tests.programs.groupdata import jpeg
from tests.snapshots import table_state

HEALTH = "1.02.02.2.01.0001"
SOCIAL = "1.06.04.2.01.0001"
TABLES = (
    "monitoring.Report",
    "monitoring.Spending",
    "monitoring.Correction",
    "monitoring.Evidence",
)


@pytest.fixture
def pw(people):
    return plan_world(people)


def payload(sub_id: int, **overrides) -> dict:
    body = {
        "sub_activity": sub_id,
        "year": 2026,
        "quarter": 1,
        "physical": "20.00",
        "spending": [{"source": "apbd_regency", "amount": "20000000.00"}],
        "beneficiaries": {"male": 3, "female": 4, "disabled": 1, "adults": 7},
        "problems": "Tidak ada",
    }
    body.update(overrides)
    return body


def test_the_same_push_twice_changes_nothing_and_says_so(pw, api):
    client = api(pw.health_system_key)
    url = reverse("api-realisation-list")
    first = client.post(url, payload(pw.blitar.subs[HEALTH].pk), format="json")
    assert first.status_code == 201, first.content
    assert first.json()["outcome"] == "created"
    before = table_state(*TABLES)
    second = client.post(url, payload(pw.blitar.subs[HEALTH].pk), format="json")
    assert second.status_code == 200
    assert second.json()["outcome"] == "unchanged"
    assert second.json()["id"] == first.json()["id"]
    assert table_state(*TABLES) == before


def test_a_different_push_on_an_accepted_report_is_refused_unless_a_correction(pw, api):
    client = api(pw.health_system_key)
    url = reverse("api-realisation-list")
    sub = pw.blitar.subs[HEALTH]
    created = client.post(url, payload(sub.pk), format="json").json()
    realisation_review(
        user=pw.people.blitar_secretariat, report=Report.objects.get(pk=created["id"]), accept=True
    )
    before = table_state(*TABLES)
    refused = client.post(url, payload(sub.pk, physical="22"), format="json")
    assert refused.status_code == 409
    assert refused.json()["error"]["code"] == "accepted_report"
    assert table_state(*TABLES) == before
    corrected = client.post(
        url,
        payload(sub.pk, physical="22", correction_reason="Data puskesmas terlambat"),
        format="json",
    )
    assert corrected.status_code == 200 and corrected.json()["outcome"] == "corrected"
    assert Correction.objects.get().reason == "Data puskesmas terlambat"
    # the same correction again changes nothing
    again = client.post(
        url,
        payload(sub.pk, physical="22", correction_reason="Data puskesmas terlambat"),
        format="json",
    )
    assert again.json()["outcome"] == "unchanged" and Correction.objects.count() == 1


def test_another_agencys_or_regions_activity_answers_404_like_a_missing_one(pw, api):
    client = api(pw.health_system_key)
    url = reverse("api-realisation-list")
    before = table_state(*TABLES)
    other_agency = client.post(url, payload(pw.blitar.subs[SOCIAL].pk), format="json")
    other_region = client.post(url, payload(pw.jember.subs[HEALTH].pk), format="json")
    missing = client.post(url, payload(987654321), format="json")
    assert other_agency.status_code == other_region.status_code == missing.status_code == 404
    assert other_agency.json() == other_region.json() == missing.json()
    assert table_state(*TABLES) == before


def test_bad_pushes_get_a_clear_message_naming_the_field(pw, api):
    client = api(pw.health_system_key)
    url = reverse("api-realisation-list")
    sub = pw.blitar.subs[HEALTH]
    cases = [
        (payload(sub.pk, quarter=4), "quarter", "belum berakhir"),
        (payload(sub.pk, spending=[{"source": "apbn", "amount": "-1"}]), "spending", "negatif"),
        (
            payload(sub.pk, spending=[{"source": "apbdes", "amount": "5"}]),
            "spending",
            "tidak tercantum",
        ),
        (payload(sub.pk, physical="500"), "physical_note", "100%"),
        (
            payload(
                sub.pk,
                evidence=[{"name": "x.jpg", "content_base64": base64.b64encode(b"MZ").decode()}],
            ),
            "evidence",
            "bukan foto",
        ),
    ]
    before = table_state(*TABLES)
    for body, field, words in cases:
        response = client.post(url, body, format="json")
        assert response.status_code == 400, response.content
        assert words in " ".join(response.json()["error"]["fields"][field])
    assert table_state(*TABLES) == before


def test_evidence_pushed_as_base64_is_stored(pw, api):
    client = api(pw.health_system_key)
    body = payload(
        pw.blitar.subs[HEALTH].pk,
        evidence=[{"name": "foto.jpg", "content_base64": base64.b64encode(jpeg()).decode()}],
    )
    response = client.post(reverse("api-realisation-list"), body, format="json")
    assert response.status_code == 201
    assert Report.objects.get().evidence.count() == 1


def test_reads_are_scoped_and_paginated(pw, api):
    client = api(pw.health_system_key)
    url = reverse("api-realisation-list")
    for quarter in (1, 2, 3):
        client.post(url, payload(pw.blitar.subs[HEALTH].pk, quarter=quarter), format="json")
    # the officer of Jember pushes one of their own
    jember = api()
    jember.force_authenticate(pw.jember_health_officer)
    assert jember.post(url, payload(pw.jember.subs[HEALTH].pk), format="json").status_code == 201
    page = client.get(url + "?page_size=2")
    assert page.status_code == 200
    first = page.json()
    assert len(first["results"]) == 2 and first["next"]
    rest = client.get(first["next"]).json()
    ids = [r["id"] for r in first["results"] + rest["results"]]
    assert len(ids) == 3
    assert all(r["region"] == "35.05" for r in first["results"] + rest["results"])
    # the Blitar secretariat sees Blitar's only
    secretariat = api()
    secretariat.force_authenticate(pw.people.blitar_secretariat)
    regions = {r["region"] for r in secretariat.get(url).json()["results"]}
    assert regions == {"35.05"}
    assert client.get(url + "?kuartal=1").status_code == 400


def test_plans_api_reads_the_tree_and_hides_other_regions(pw, api):
    client = api(pw.people.bpjs_blitar_key)
    listing = client.get(reverse("api-plan-list"))
    assert listing.status_code == 200
    kinds = sorted((p["kind"], p["first_year"]) for p in listing.json()["results"])
    assert kinds == [("rat", 2026), ("rpkd", 2025)]
    detail = client.get(reverse("api-plan-detail", args=[pw.blitar.rat.pk]))
    sub = detail.json()["priorities"][0]["programs"][0]["activities"][0]["sub_activities"][0]
    assert sub["targets"] == [{"year": 2026, "value": "100.00"}]
    assert {a["source"] for a in sub["allocations"]} == {"apbd_regency", "apbn"}
    outside = client.get(reverse("api-plan-detail", args=[pw.jember.rat.pk]))
    missing = client.get(reverse("api-plan-detail", args=[987654321]))
    assert outside.status_code == missing.status_code == 404
    assert outside.json() == missing.json()


def test_the_plan_tree_costs_the_same_queries_whatever_its_size(pw, api):
    client = api()
    client.force_authenticate(pw.people.blitar_secretariat)
    url = reverse("api-plan-detail", args=[pw.blitar.rpkd.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    # assignments, the plan, then priorities, programs (+catalogue), activities,
    # sub-activities (+agency), targets, allocations, locations (+region), proposals
    assert len(queries) <= 12, [q["sql"][:80] for q in queries]


def test_an_api_client_without_an_agency_cannot_push(pw, api):
    client = api(pw.people.bpjs_blitar_key)
    response = client.post(
        reverse("api-realisation-list"), payload(pw.blitar.subs[HEALTH].pk), format="json"
    )
    assert response.status_code == 404
