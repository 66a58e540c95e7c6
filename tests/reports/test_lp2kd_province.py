"""The provincial roll-up and the LP2KD API: the province sees each regency's submission
(on time, late, missing) and reads its PDF; its own report gathers the regencies' submitted
figures, which agree with the regencies' records counted one by one; a regency running its
own installation hands its approved version in over the API, once, whole and unaltered."""

from __future__ import annotations

import base64
import hashlib
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from complaints.models import Complaint
from complaints.services import ComplaintInput, complaint_file
from monitoring.indicators.services import ValueInput, indicator_values_store
from monitoring.models import Allocation
from monitoring.realisation.services import Beneficiaries, realisation_review
from reports.lp2kd.services import lp2kd_create
from reports.lp2kd.snapshot import snapshot_build, snapshot_sha256, snapshot_tables
from reports.models import Lp2kd, Lp2kdVersion
from tests.monitoring.planworld import plan_world, report
from tests.personas import BLITAR, JATEN, JEMBER, PADOMASAN, person
from tests.snapshots import table_state
from tkpk.models import AuditEntry, Region
from tkpk.roles import Role
from tkpk.services.api_tokens import api_token_issue

PROVINCE = "35"
AFTER_DEADLINE = date(2027, 2, 10)
PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
HEALTH_1 = "1.02.02.2.01.0001"
REPORT_TABLES = ("reports.Lp2kd", "reports.Lp2kdVersion", "reports.Lp2kdStep")


@pytest.fixture
def province_secretariat(people):
    return person("sekretariat.jatim", Role.SECRETARIAT, PROVINCE)


def token_for(region: str, username: str) -> str:
    """A token the province's installation issues to a regency's system (or its own)."""
    client = person(username, Role.API_CLIENT, region)
    _, key = api_token_issue(assignment=client.role_assignments.get(), name="lp2kd", actor=None)
    return key


def other_installation_snapshot(user: Any, code: str, year: int = 2026) -> dict[str, Any]:
    """What a regency's own installation approved: built by the same code, then the report
    is gone from this database, as it never was in the province's installation."""
    made = lp2kd_create(user=user, region=Region.objects.get(code=code), year=year)
    snapshot = snapshot_build(version=made.versions.get(), today=date(2027, 1, 10))
    made.delete()
    return snapshot


def submission(snapshot: dict[str, Any], pdf: bytes = PDF) -> dict[str, Any]:
    return {
        "snapshot": snapshot,
        "snapshot_sha256": snapshot_sha256(snapshot),
        "pdf_base64": base64.b64encode(pdf).decode(),
        "pdf_sha256": hashlib.sha256(pdf).hexdigest(),
    }


def submit_url(region: str, year: int = 2026) -> str:
    return reverse("api-lp2kd-submission", args=[region, year])


def submitted_here(user: Any, code: str, *, at: datetime) -> Lp2kdVersion:
    """A regency's report sent through the chain in this installation (the chain itself is
    tested in test_lp2kd.py): its snapshot frozen, its PDF on file."""
    from django.conf import settings

    made = lp2kd_create(user=user, region=Region.objects.get(code=code), year=2026)
    version = made.versions.get()
    version.snapshot = snapshot_build(version=version, today=date(2027, 1, 10))
    version.snapshot_sha256 = snapshot_sha256(version.snapshot)
    version.pdf_path = f"reports/uji/{code}.pdf"
    (settings.PRIVATE_MEDIA_ROOT / "reports/uji").mkdir(parents=True, exist_ok=True)
    (settings.PRIVATE_MEDIA_ROOT / version.pdf_path).write_bytes(PDF)
    version.pdf_sha256 = hashlib.sha256(PDF).hexdigest()
    version.state, version.submitted_at = "submitted", at
    version.save()
    return version


def complaint(village: str, description: str) -> Complaint:
    return complaint_file(
        data=ComplaintInput(category="not_registered", village=village, description=description)
    )


def test_the_provinces_rollup_agrees_with_the_regencies_records(
    people, regions, province_secretariat, api, login, settings
):
    # given two regencies' plans, indicators and complaints of 2026
    pw = plan_world(people)
    for user, code, poor, p0 in (
        (people.blitar_secretariat, BLITAR, "98,12", "9,5"),
        (people.jember_secretariat, JEMBER, "220,4", "8,9"),
    ):
        indicator_values_store(
            user=user,
            values=[
                ValueInput(code, "poor_count", 2026, "march", poor, "BPS"),
                ValueInput(code, "p0", 2026, "march", p0, "BPS"),
            ],
        )
    accepted = report(
        pw.health_officer,
        pw.blitar.subs[HEALTH_1],
        1,
        physical=Decimal(20),
        spending={"apbd_regency": Decimal(20_000_000)},
        beneficiaries=Beneficiaries(),
    )
    realisation_review(user=people.blitar_secretariat, report=accepted, accept=True)
    for village, text in ((JATEN, "Satu"), (JATEN, "Dua"), (PADOMASAN, "Tiga")):
        complaint(village, f"Keluarga miskin belum terdaftar ({text}).")
    # Jember's own installation approved its report and sends it over the API (on time:
    # received now, before 31 January 2027); Blitar sent its report here after the deadline.
    jember = other_installation_snapshot(people.jember_secretariat, JEMBER)
    sent = api(token_for(JEMBER, "sistem.jember")).post(
        submit_url(JEMBER), submission(jember), format="json"
    )
    assert sent.status_code == 201, sent.content
    assert sent.json()["on_time"] is True
    blitar = submitted_here(
        people.blitar_secretariat, BLITAR, at=datetime(2027, 2, 3, 3, 0, tzinfo=UTC)
    )
    # Complaints of 2026 per regency when the reports were made, counted one by one.
    received = {
        code: sum(
            1
            for c in Complaint.objects.all()
            if c.village_id.startswith(code + ".") and c.received_at.year == 2026
        )
        for code in (BLITAR, JEMBER)
    }
    # The records change after the regencies sent their reports: the province reads what
    # was sent, not what is there now.
    complaint(JATEN, "Keluarga miskin belum terdaftar (sesudah dikirim).")

    # when the province makes its report after the regencies' deadline
    province = lp2kd_create(
        user=province_secretariat, region=Region.objects.get(code=PROVINCE), year=2026
    )
    snapshot = snapshot_build(version=province.versions.get(), today=AFTER_DEADLINE)
    tables = {t["key"]: t for t in snapshot_tables(snapshot)}

    # then each regency's figures agree with its records counted one by one
    def planned(code: str) -> int:
        return int(
            sum(
                a.amount
                for a in Allocation.objects.select_related("sub_activity__plan")
                if a.year == 2026
                and a.sub_activity.plan.kind == "rat"
                and a.sub_activity.plan.region_id.startswith(code)
            )
        )

    budget = {row[1]: row for row in tables["T3.2"]["rows"]}
    assert set(budget) == {BLITAR, JEMBER}  # only the regencies that sent
    assert budget[BLITAR][2:4] == [planned(BLITAR), 20_000_000]
    assert budget[JEMBER][2:4] == [planned(JEMBER), 0]
    assert planned(BLITAR) and planned(JEMBER)
    assert tables["T3.2"]["total"][2] == planned(BLITAR) + planned(JEMBER)
    assert tables["T3.2"]["total"][3] == 20_000_000

    poverty = {row[1]: row for row in tables["T2.5"]["rows"]}
    assert poverty[BLITAR][2:5] == ["Maret", 98.12, 9.5]
    assert poverty[JEMBER][2:5] == ["Maret", 220.4, 8.9]
    assert tables["T2.5"]["total"][3] == pytest.approx(318.52)
    assert tables["T2.5"]["total"][4] is None  # P0 is not summed

    complaints = {row[1]: row for row in tables["T4.13"]["rows"]}
    assert complaints[BLITAR][2] == received[BLITAR] == 2
    assert complaints[JEMBER][2] == received[JEMBER] == 1
    assert tables["T4.13"]["total"][2] == 3

    regencies = Region.objects.filter(parent_id=PROVINCE, level=Region.Level.REGENCY)
    submissions = {row[1]: row for row in tables["T5.3"]["rows"]}
    assert len(submissions) == regencies.count()
    assert submissions[JEMBER][2] == "tepat waktu"
    assert submissions[BLITAR][2] == "terlambat"
    assert submissions["35.01"][2] == "belum dikirim"
    # The roll-up tables are the province's only.
    assert "T2.5" not in {t["key"] for t in snapshot_tables(blitar.snapshot)}

    # The province's secretariat sees the submissions on its report's page and reads
    # Jember's PDF as Jember sent it; the download is audited.
    client = login(province_secretariat)
    # session, user, roles, the report; the regencies with their newest submission and
    # those versions, once for the list and once per roll-up table (4); the report's
    # versions (twice: the deadline line reads the newest). However many regencies sent.
    with CaptureQueriesContext(connection) as queries:
        page = client.get(reverse("reports:lp2kd-detail", args=[province.pk])).content.decode()
    assert len(queries.captured_queries) == 16
    assert "terlambat" in page and "tepat waktu" in page and "Kabupaten Pacitan" in page
    assert "Rekap provinsi dari LP2KD kabupaten/kota" in page
    jember_version = Lp2kdVersion.objects.get(report__region_id=JEMBER)
    link = reverse("reports:version-pdf", args=[jember_version.pk])
    assert link in page
    response = client.get(link)
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    entry = AuditEntry.objects.filter(action="lp2kd_downloaded").latest("id")
    assert entry.actor == province_secretariat and entry.region_code == JEMBER
    # A regency's secretariat neither opens the province's page nor another regency's PDF.
    blitar_client = login(people.blitar_secretariat)
    assert blitar_client.get(reverse("reports:lp2kd-detail", args=[province.pk])).status_code == 404
    assert blitar_client.get(link).status_code == 404


@pytest.fixture
def approved(people):
    """Blitar's 2026 report approved in its own installation."""
    version = submitted_here(
        people.blitar_secretariat, BLITAR, at=datetime(2027, 1, 20, 3, 0, tzinfo=UTC)
    )
    version.state = "approved"
    version.save()
    return version


def test_a_regencys_system_reads_its_approved_version_and_hands_it_in_once(
    people, regions, approved, api, django_assert_num_queries
):
    regency = api(people.bpjs_blitar_key)
    # The list holds the caller's regions only, with each version's state.
    jember = lp2kd_create(
        user=people.jember_secretariat, region=Region.objects.get(code=JEMBER), year=2026
    )
    # the token with its user and role, its last use, the reports, their versions (no
    # snapshot: the figures are fetched per version)
    with django_assert_num_queries(4):
        listed = regency.get(reverse("api-lp2kd-list")).json()["results"]
    assert [(r["region"], r["year"]) for r in listed] == [(BLITAR, 2026)]
    assert listed[0]["versions"][0]["state"] == "approved"
    # The approved snapshot and PDF, as approved; another regency's reads as missing.
    body = regency.get(listed[0]["versions"][0]["snapshot_url"]).json()
    assert body["snapshot_sha256"] == snapshot_sha256(body["snapshot"]) == approved.snapshot_sha256
    pdf = regency.get(listed[0]["versions"][0]["pdf_url"])
    assert pdf.status_code == 200 and b"".join(pdf.streaming_content) == PDF
    assert (
        AuditEntry.objects.filter(action="lp2kd_downloaded", actor=people.bpjs_blitar).count() == 2
    )
    outside = regency.get(reverse("api-lp2kd-version-snapshot", args=[jember.versions.get().pk]))
    missing = regency.get(reverse("api-lp2kd-version-snapshot", args=[987654]))
    assert outside.status_code == missing.status_code == 404
    assert outside.json() == missing.json()
    draft = api(token_for(JEMBER, "sistem.jember")).get(
        reverse("api-lp2kd-version-snapshot", args=[jember.versions.get().pk])
    )
    assert draft.status_code == 409 and "belum disetujui" in draft.json()["error"]["message"]

    # The province's installation receives it (here the same database: the regency's own
    # report is taken away first, as it lives in the regency's installation).
    jember.delete()
    approved.report.delete()
    province = api(token_for(BLITAR, "sistem.blitar.di.provinsi"))
    payload = {
        "snapshot": body["snapshot"],
        "snapshot_sha256": body["snapshot_sha256"],
        "pdf_base64": base64.b64encode(PDF).decode(),
        "pdf_sha256": body["pdf_sha256"],
    }
    first = province.post(submit_url(BLITAR), payload, format="json")
    assert first.status_code == 201, first.content
    kept = Lp2kdVersion.objects.get(report__region_id=BLITAR)
    assert kept.state == "submitted" and kept.origin == "received"
    assert kept.snapshot == body["snapshot"] and kept.snapshot_sha256 == body["snapshot_sha256"]
    assert kept.steps.get().action == "submit"
    before = table_state(*REPORT_TABLES)
    audits = AuditEntry.objects.count()

    # Sending the same version again changes nothing and answers the same.
    again = province.post(submit_url(BLITAR), payload, format="json")
    assert again.status_code == 200
    assert {**again.json(), "outcome": "created"} == first.json()
    assert again.json()["outcome"] == "unchanged"
    assert table_state(*REPORT_TABLES) == before and AuditEntry.objects.count() == audits

    # The same version number with other figures is refused: a change is a new version.
    changed = dict(body["snapshot"], as_of="2027-01-11")
    conflict = province.post(submit_url(BLITAR), submission(changed), format="json")
    assert conflict.status_code == 409
    assert "sudah diterima dengan isi lain" in conflict.json()["error"]["message"]
    assert table_state(*REPORT_TABLES) == before


def test_a_tampered_or_foreign_submission_is_refused_and_nothing_is_kept(
    people, regions, api, settings
):
    snapshot = other_installation_snapshot(people.blitar_secretariat, BLITAR)
    blitar = api(token_for(BLITAR, "sistem.blitar"))
    before = table_state(*REPORT_TABLES)
    kept = settings.PRIVATE_MEDIA_ROOT / "reports" / "lp2kd"
    files = set(kept.glob("*/*"))

    # A figure changed after approval: the hash sent no longer matches.
    tampered = submission(snapshot)
    tampered["snapshot"] = dict(snapshot, year=2026, as_of="2027-01-01")
    response = blitar.post(submit_url(BLITAR), tampered, format="json")
    assert response.status_code == 400
    assert "tidak cocok" in response.json()["error"]["fields"]["snapshot_sha256"][0]
    # The PDF's hash checked the same way, and a file that is no PDF refused by its content.
    wrong_pdf = dict(submission(snapshot), pdf_sha256="0" * 64)
    response = blitar.post(submit_url(BLITAR), wrong_pdf, format="json")
    assert response.status_code == 400 and "pdf_sha256" in response.json()["error"]["fields"]
    response = blitar.post(submit_url(BLITAR), submission(snapshot, b"<html>"), format="json")
    assert response.status_code == 400 and "pdf" in response.json()["error"]["fields"]
    # The snapshot of one regency sent as another's, or for another year.
    response = blitar.post(submit_url(BLITAR, 2025), submission(snapshot), format="json")
    assert response.status_code == 400
    assert "tahun 2026" in response.json()["error"]["fields"]["snapshot"][0]
    # A year the report cannot be for, named in the address and the snapshot alike.
    future = dict(snapshot, year=2999)
    response = blitar.post(submit_url(BLITAR, 2999), submission(future), format="json")
    assert response.status_code == 400
    assert "Tahun laporan harus antara 2000" in response.json()["error"]["fields"]["year"][0]
    # In English when asked.
    response = blitar.post(submit_url(BLITAR), tampered, format="json", HTTP_ACCEPT_LANGUAGE="en")
    assert "does not match" in response.json()["error"]["fields"]["snapshot_sha256"][0]

    # A regency outside the token's region, or outside the province, reads as missing.
    jember = other_installation_snapshot(people.jember_secretariat, JEMBER)
    outside = blitar.post(submit_url(JEMBER), submission(jember), format="json")
    missing = blitar.post(submit_url("35.99"), submission(jember), format="json")
    assert outside.status_code == missing.status_code == 404
    assert outside.json() == missing.json()
    province = api(token_for(PROVINCE, "sistem.jatim"))
    other_province = province.post(submit_url("33.01"), submission(jember), format="json")
    assert other_province.status_code == 404 and other_province.json() == missing.json()
    # A report made in this installation is handed in through its chain, not the API.
    lp2kd_create(user=people.blitar_secretariat, region=Region.objects.get(code=BLITAR), year=2026)
    local = blitar.post(submit_url(BLITAR), submission(snapshot), format="json")
    assert (
        local.status_code == 409 and "disusun di aplikasi ini" in local.json()["error"]["message"]
    )
    Lp2kd.objects.filter(region_id=BLITAR).delete()

    assert table_state(*REPORT_TABLES) == before
    assert set(kept.glob("*/*")) == files

    # The province's own token may hand in any of its regencies, as multipart too.
    multipart = province.post(
        submit_url(JEMBER),
        {
            "snapshot": _file("snapshot.json", _canonical(jember), "application/json"),
            "snapshot_sha256": snapshot_sha256(jember),
            "pdf": _file("lp2kd.pdf", PDF, "application/pdf"),
            "pdf_sha256": hashlib.sha256(PDF).hexdigest(),
        },
        format="multipart",
    )
    assert multipart.status_code == 201, multipart.content
    assert multipart.json()["region"] == JEMBER


def _canonical(snapshot: dict[str, Any]) -> bytes:
    from reports.lp2kd.snapshot import snapshot_canonical

    return snapshot_canonical(snapshot)


def _file(name: str, content: bytes, content_type: str) -> Any:
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content, content_type)


def test_the_rollup_carries_each_regencys_targeting_and_registry(
    world, people, province_secretariat
):
    # given Blitar's report of the year's run sent on time, counted here family by family
    from households.models import Household
    from programs.models import RunHouseholdProgram

    blitar = submitted_here(
        people.blitar_secretariat, BLITAR, at=datetime(2027, 1, 5, 3, 0, tzinfo=UTC)
    )
    assert blitar.report.versions.get().run_id == world.pk
    families = [
        r
        for r in RunHouseholdProgram.objects.filter(run=world, program__code="PKH")
        if r.village_id.startswith(BLITAR + ".")
    ]
    active = [
        h
        for h in Household.objects.filter(status="active")
        if h.village_id.startswith(BLITAR + ".")
    ]
    # when the province's report is made
    province = lp2kd_create(
        user=province_secretariat, region=Region.objects.get(code=PROVINCE), year=2026
    )
    tables = {
        t["key"]: t
        for t in snapshot_tables(
            snapshot_build(version=province.versions.get(), today=AFTER_DEADLINE)
        )
    }
    # then PKH's row of Blitar holds the families that qualify, receive, are excluded
    pkh = next(r for r in tables["T4.12"]["rows"] if r[1] == BLITAR and r[2] == "PKH")
    assert pkh[3] == "keluarga"
    assert pkh[4] == sum(1 for r in families if r.eligible)
    assert pkh[5] == sum(1 for r in families if r.receives)
    assert pkh[6] == sum(1 for r in families if r.eligible and not r.receives)
    assert pkh[4] and pkh[5]
    # and the registry's households as Blitar sent them
    poverty = {row[1]: row for row in tables["T2.5"]["rows"]}
    assert poverty[BLITAR][5] == len(active)
    assert poverty[BLITAR][6] == sum(1 for h in active if h.welfare_decile in (1, 2, 3, 4))
    assert poverty[BLITAR][7] == sum(1 for h in active if h.extreme_poor)
    assert {row[1] for row in tables["T4.12"]["rows"]} == {BLITAR}


def test_a_snapshot_nested_beyond_reading_is_refused_with_a_message(people, regions, api):
    blitar = api(token_for(BLITAR, "sistem.blitar"))
    deep = "[" * 100_000 + "]" * 100_000
    body = (
        '{"snapshot": '
        + deep
        + ', "snapshot_sha256": "'
        + "0" * 64
        + '", "pdf_sha256": "'
        + "0" * 64
        + '", "pdf_base64": "JVBERi0="}'
    )
    response = blitar.post(submit_url(BLITAR), body, content_type="application/json")
    assert response.status_code == 400
    assert "terlalu dalam" in response.json()["error"]["message"]
    as_file = blitar.post(
        submit_url(BLITAR),
        {
            "snapshot": _file("snapshot.json", deep.encode(), "application/json"),
            "snapshot_sha256": "0" * 64,
            "pdf": _file("lp2kd.pdf", PDF, "application/pdf"),
            "pdf_sha256": hashlib.sha256(PDF).hexdigest(),
        },
        format="multipart",
    )
    assert as_file.status_code == 400
    assert "snapshot" in as_file.json()["error"]["fields"]
    not_an_object = blitar.post(submit_url(BLITAR), [1, 2], format="json")
    assert not_an_object.status_code == 400
    assert "objek JSON" in not_an_object.json()["error"]["message"]
    assert not Lp2kd.objects.exists()
