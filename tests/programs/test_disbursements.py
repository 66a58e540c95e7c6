from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from programs.disbursements.selectors import disbursement_flags, disbursement_state
from programs.disbursements.services import disbursement_actual_record
from programs.models import Disbursement, ProgramQuota
from tests.personas import BLITAR, BLITAR_DISTRICT, JATEN, JEMBER, person
from tests.programs.groupdata import period, regional_program
from tkpk.models import Agency
from tkpk.roles import Role

PONTIANAK_TODAY = date(2012, 12, 1)


def stage(p, region, name, planned_on, planned, actual_on=None, actual=None):
    return Disbursement.objects.create(
        period=p,
        region_id=region,
        stage=name,
        planned_on=planned_on,
        planned_amount=planned,
        actual_on=actual_on,
        actual_amount=actual,
    )


@pytest.fixture
def paket(regions):
    """A regional PAKET-like program of Blitar, 2012, with a quota for two districts."""
    program = regional_program("PAKET", BLITAR, cluster=2)
    p = period(program, "2012", 2012)
    ProgramQuota.objects.create(period=p, region_id=BLITAR_DISTRICT, quota=40)
    ProgramQuota.objects.create(period=p, region_id="35.05.02", quota=30)
    return p


def test_funds_due_4_june_that_arrived_4_september_are_late_by_92_days(people, paket):
    stage(paket, BLITAR_DISTRICT, "Tahap 1", date(2012, 6, 4), 100, date(2012, 9, 4), 100)
    stage(paket, BLITAR_DISTRICT, "Tahap 2", date(2012, 9, 1), 100, date(2012, 8, 30), 100)
    stage(paket, BLITAR_DISTRICT, "Tahap 3", date(2012, 11, 1), 100)
    stage(paket, BLITAR_DISTRICT, "Tahap 4", date(2012, 12, 20), 100)
    stage(paket, JATEN, "Tahap 1", date(2012, 6, 4), 100, date(2012, 6, 1), 60)

    flags = disbursement_flags(user=people.blitar_leader, today=PONTIANAK_TODAY)

    assert [(f.kind, f.region_code, f.stage, f.days_late) for f in flags] == [
        ("unscheduled", "35.05.02", "", 335),  # a quota, and no stage planned at all
        ("late", BLITAR_DISTRICT, "Tahap 1", 92),
        ("unpaid", BLITAR_DISTRICT, "Tahap 3", 30),
        ("short", JATEN, "Tahap 1", 0),
    ]
    assert flags[1].label == "Terlambat 92 hari"
    assert flags[2].label == "Belum cair, lewat 30 hari"


def test_flags_stay_in_the_users_region(people, paket):
    jember_program = regional_program("PAKET-JBR", JEMBER, cluster=2)
    jember_period = period(jember_program, "2012", 2012)
    stage(jember_period, JEMBER, "Tahap 1", date(2012, 6, 4), 100)
    stage(paket, BLITAR, "Tahap 1", date(2012, 6, 4), 100)

    blitar = disbursement_flags(user=people.blitar_leader, today=PONTIANAK_TODAY)
    jember = disbursement_flags(user=people.jember_secretariat, today=PONTIANAK_TODAY)

    assert {f.program_code for f in blitar} == {"PAKET"}
    assert {(f.program_code, f.region_code) for f in jember} == {("PAKET-JBR", JEMBER)}


def test_the_list_page_shows_the_flags_block(people, login, paket):
    stage(paket, BLITAR_DISTRICT, "Tahap 1", timezone.localdate() - timedelta(days=10), 5_000)
    page = login(people.blitar_leader).get(reverse("disbursements:list")).content.decode()
    assert 'data-testid="disbursement-flags"' in page
    assert "Belum cair, lewat 10 hari" in page
    assert "Ada kuota, belum ada jadwal penyaluran" in page  # 35.05.02


def test_secretariat_plans_a_stage_and_bad_input_is_named(people, login, paket):
    client = login(people.blitar_secretariat)
    url = reverse("disbursements:period", args=[paket.pk])
    good = {
        "region": BLITAR_DISTRICT,
        "stage": "Tahap 1",
        "planned_on": "2012-06-04",
        "planned_amount": "250000000",
    }
    assert client.post(url, good).status_code == 302
    again = client.post(url, good)
    outside = client.post(url, {**good, "stage": "Tahap 2", "planned_on": "2013-01-04"})
    jember = client.post(url, {**good, "stage": "Tahap 3", "region": JEMBER})

    assert (
        "Tahap &#x27;Tahap 1&#x27; untuk wilayah 35.05.01 sudah dijadwalkan."
        in again.content.decode()
    )
    assert "Rencana tanggal harus di dalam periode 01-01-2012 sampai 31-12-2012." in (
        outside.content.decode()
    )
    assert f"Wilayah {JEMBER} tidak ada di wilayah kerja Anda." in jember.content.decode()
    assert Disbursement.objects.count() == 1
    assert login(people.blitar_leader).post(url, good).status_code == 403


def test_an_agency_officer_records_the_actual_and_lateness_follows(people, login, paket):
    dinsos = Agency.objects.create(region_id=BLITAR, code="dinsos", name="Dinas Sosial")
    officer = people.blitar_agency_officer
    officer.role_assignments.update(agency=dinsos)
    paket.program.agency = dinsos
    paket.program.save()
    d = stage(paket, BLITAR_DISTRICT, "Tahap 1", date(2012, 6, 4), 100)
    url = reverse("disbursements:actual", args=[d.pk])

    future = login(officer).post(url, {"actual_on": "2999-01-01", "actual_amount": "100"})
    assert future.status_code == 302
    d.refresh_from_db()
    assert d.actual_on is None
    ok = login(officer).post(url, {"actual_on": "2012-09-04", "actual_amount": "100"})
    d.refresh_from_db()

    assert ok.status_code == 302 and d.actual_on == date(2012, 9, 4)
    assert d.actual_recorded_by == officer
    assert disbursement_state(d).label == "Terlambat 92 hari"
    # Not an agency officer: the secretariat cannot record actuals; another agency's officer
    # is told nothing exists.
    assert login(people.blitar_secretariat).post(url, {}).status_code == 403
    other = Agency.objects.create(region_id=BLITAR, code="dinkes", name="Dinas Kesehatan")
    stranger = person("opd.dinkes", Role.AGENCY_OFFICER, BLITAR, agency=other)
    assert (
        login(stranger).post(url, {"actual_on": "2012-09-05", "actual_amount": "1"}).status_code
        == 404
    )
    d.refresh_from_db()
    assert d.actual_on == date(2012, 9, 4)


def test_future_actual_is_refused_with_a_message(people, paket):
    officer = people.blitar_agency_officer
    d = stage(paket, BLITAR_DISTRICT, "Tahap 1", date(2012, 6, 4), 100)
    with pytest.raises(ValidationError) as caught:
        disbursement_actual_record(
            user=officer,
            disbursement=d,
            actual_on=date(2012, 12, 2),
            actual_amount=100,
            today=PONTIANAK_TODAY,
        )
    assert caught.value.message_dict == {
        "actual_on": ["Tanggal realisasi tidak boleh di masa depan."]
    }


def test_api_lists_disbursements_in_scope_with_their_state(people, api, paket):
    stage(paket, BLITAR_DISTRICT, "Tahap 1", date(2012, 6, 4), 100, date(2012, 9, 4), 100)
    stage(paket, BLITAR_DISTRICT, "Tahap 2", date(2012, 7, 4), 100, date(2012, 7, 4), 100)
    client = api(people.bpjs_blitar_key)

    body = client.get(reverse("api-disbursement-list"), {"period": paket.pk}).json()
    late = client.get(reverse("api-disbursement-list"), {"terlambat": "ya"}).json()

    assert body["count"] == 2
    assert [(r["stage"], r["state"], r["days_late"]) for r in body["results"]] == [
        ("Tahap 1", "late", 92),
        ("Tahap 2", "on_time", 0),
    ]
    assert [r["stage"] for r in late["results"]] == ["Tahap 1"]
