"""Periods refuse overlaps; quotas are set per region and cannot go below what is listed."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from programs.models import ProgramPeriod, ProgramQuota
from programs.recipients.enrolment import recipient_enrol, recipient_status_change
from programs.recipients.periods import QuotaExceeded, period_create, quota_set
from tests.personas import JATEN
from tkpk.models import Region


def test_a_period_overlapping_another_is_refused_naming_it(people, pkh, pkh_period):
    with pytest.raises(ValidationError) as refused:
        period_create(
            user=people.blitar_secretariat,
            program=pkh,
            name="2026-II",
            starts_on=date(2026, 7, 1),
            ends_on=date(2027, 6, 30),
        )
    assert refused.value.messages == [
        "Periode ini bertumpang tindih dengan periode 2026 (1 Januari 2026 – 31 Desember 2026) "
        "program PKH."
    ]
    assert ProgramPeriod.objects.filter(program=pkh).count() == 1


def test_adjacent_periods_are_fine_and_names_are_unique(people, pkh, pkh_period):
    period_create(
        user=people.blitar_secretariat,
        program=pkh,
        name="2027",
        starts_on=date(2027, 1, 1),
        ends_on=date(2027, 12, 31),
    )
    with pytest.raises(ValidationError, match="sudah dipakai"):
        period_create(
            user=people.blitar_secretariat,
            program=pkh,
            name="2027",
            starts_on=date(2028, 1, 1),
            ends_on=date(2028, 12, 31),
        )
    with pytest.raises(PermissionDenied):
        period_create(
            user=people.blitar_social_operator,
            program=pkh,
            name="2029",
            starts_on=date(2029, 1, 1),
            ends_on=date(2029, 12, 31),
        )


def test_the_period_page_shows_the_overlap_message(people, pkh, pkh_period, login):
    client = login(people.blitar_secretariat)
    response = client.post(
        reverse("recipients:periods", args=["PKH"]),
        {"name": "Tumpang", "starts_on": "2026-12-01", "ends_on": "2027-03-31"},
    )
    assert response.status_code == 200
    assert "bertumpang tindih dengan periode 2026" in response.content.decode()
    response = client.post(
        reverse("recipients:periods", args=["PKH"]),
        {"name": "2027", "starts_on": "2027-01-01", "ends_on": "2027-12-31"},
    )
    assert response.status_code == 302
    assert "2027" in client.get(response["Location"]).content.decode()


def test_quota_page_sets_a_quota_and_shows_its_use(people, pkh_period, login):
    recipient_enrol(
        user=people.blitar_social_operator,
        period=pkh_period,
        nik="3505011203857777",
        village_code=JATEN,
    )
    client = login(people.blitar_social_operator)
    url = reverse("recipients:quotas", args=["PKH", pkh_period.pk])
    response = client.post(url, {"region": "35.05", "quota": "100"})
    assert response.status_code == 302
    page = client.get(url).content.decode()
    assert "Kabupaten Blitar" in page and "100" in page and ">99<" in page
    response = client.post(url, {"region": "35.09", "quota": "5"})
    assert "di luar wilayah Anda" in response.content.decode()
    assert not ProgramQuota.objects.filter(region_id="35.09").exists()


def test_a_quota_below_the_active_recipients_is_refused(people, pkh_period):
    for serial in ("7777", "7778"):
        recipient_enrol(
            user=people.blitar_social_operator,
            period=pkh_period,
            nik=f"350501120385{serial}",
            village_code=JATEN,
        )
    with pytest.raises(ValidationError, match="lebih kecil dari 2 penerima aktif"):
        quota_set(
            user=people.blitar_social_operator,
            period=pkh_period,
            region=Region.objects.get(code=JATEN),
            quota=1,
        )
    assert not ProgramQuota.objects.exists()


def test_manual_enrolment_and_reactivation_respect_the_quota(people, pkh_period):
    ProgramQuota.objects.create(period=pkh_period, region_id=JATEN, quota=1)
    first = recipient_enrol(
        user=people.blitar_social_operator,
        period=pkh_period,
        nik="3505011203857777",
        village_code=JATEN,
    )
    with pytest.raises(QuotaExceeded, match="Kuota Jaten"):
        recipient_enrol(
            user=people.blitar_social_operator,
            period=pkh_period,
            nik="3505011203857778",
            village_code=JATEN,
        )
    recipient_status_change(
        user=people.blitar_social_operator, recipient=first, status="ended", reason="pindah"
    )
    second = recipient_enrol(
        user=people.blitar_social_operator,
        period=pkh_period,
        nik="3505011203857778",
        village_code=JATEN,
    )
    with pytest.raises(QuotaExceeded):
        recipient_status_change(
            user=people.blitar_social_operator, recipient=first, status="active", reason="kembali"
        )
    first.refresh_from_db()
    assert first.status == "ended" and second.status == "active"
