"""Figures for the LP2KD and the API agencies push complaints through."""

from __future__ import annotations

import base64
import io
import statistics
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from complaints.models import Complaint
from complaints.selectors import median_days_to_resolve
from complaints.services import complaint_transition
from tests.complaints.conftest import EXE, JPEG


def _resolve(complaint, people, office, days: int) -> None:
    for step, agency in (("verified", None), ("forwarded", office.dinsos_blitar)):
        complaint_transition(
            complaint=complaint, user=people.blitar_secretariat, to_status=step, agency=agency
        )
    complaint_transition(complaint=complaint, user=office.dinsos_officer, to_status="in_progress")
    complaint_transition(
        complaint=complaint, user=office.dinsos_officer, to_status="resolved", reply="Selesai."
    )
    Complaint.objects.filter(pk=complaint.pk).update(
        resolved_at=complaint.received_at + timedelta(days=days)
    )


def test_statistics_count_by_category_program_region_status_with_median(
    people, office, filed, login
):
    a = filed(program_code="PKH")
    b = filed(program_code="PKH", village="35.05.02.2001")
    c = filed(category="amount_cut", program_code="BPNT")
    filed(village="35.09.01.2001")  # Jember: never in Blitar's figures
    _resolve(a, people, office, days=4)
    _resolve(b, people, office, days=10)
    Complaint.objects.filter(pk=c.pk).update(due_at=timezone.now() - timedelta(days=1))

    response = login(people.blitar_leader).get(reverse("complaints:statistics"))
    assert response.status_code == 200
    stats = response.context["stats"]
    assert stats.total == 3 and stats.overdue == 1 and stats.resolved == 2
    assert stats.median_days_to_resolve == 7.0
    assert {b.key: b.count for b in stats.by_category} == {"not_registered": 2, "amount_cut": 1}
    assert {b.key: b.count for b in stats.by_program} == {"PKH": 2, "BPNT": 1}
    assert {b.key: b.count for b in stats.by_region} == {"35.05.01": 2, "35.05.02": 1}
    assert {b.key: b.count for b in stats.by_status} == {"resolved": 2, "received": 1}
    body = response.content.decode()
    assert "Wonodadi" in body and 'class="bars__bar" style="width: 100%"' in body
    assert "Padomasan" not in body


# Each example starts by deleting the complaints of the one before.
@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(minutes=st.lists(st.integers(min_value=0, max_value=60 * 24 * 90), max_size=9))
def test_the_median_agrees_with_one_duration_at_a_time(filed, minutes):
    """The database's middle one or two against Python's median of every duration."""
    Complaint.objects.all().delete()
    for taken in minutes:
        complaint = filed()
        Complaint.objects.filter(pk=complaint.pk).update(
            status="resolved", resolved_at=complaint.received_at + timedelta(minutes=taken)
        )
    filed()  # still open: not counted
    expected = round(statistics.median(minutes) / (60 * 24), 1) if minutes else None
    assert median_days_to_resolve(Complaint.objects.all()) == expected


def test_statistics_filter_by_period_and_region(people, filed, login):
    old = filed()
    Complaint.objects.filter(pk=old.pk).update(received_at=timezone.now() - timedelta(days=400))
    filed(village="35.05.02.2001")
    client = login(people.blitar_secretariat)
    this_year = timezone.localdate().replace(month=1, day=1)
    stats = client.get(reverse("complaints:statistics") + f"?dari={this_year:%Y-%m-%d}").context[
        "stats"
    ]
    assert stats.total == 1
    by_district = client.get(reverse("complaints:statistics") + "?wilayah=35.05.01").context[
        "stats"
    ]
    assert by_district.total == 1 and by_district.by_region[0].key == "35.05.01.2001"
    outside = client.get(reverse("complaints:statistics") + "?wilayah=35.09")
    assert "di luar wilayah Anda" in outside.content.decode()
    assert outside.context["stats"].total == 2  # the filter is not applied


def test_statistics_xlsx_has_the_breakdowns_and_no_personal_data(people, filed, login):
    complaint = filed(nik="3505011203850001", reporter_name="Siti Aminah", program_code="PIP")
    response = login(people.blitar_secretariat).get(reverse("complaints:statistics-export"))
    assert response["Content-Disposition"].endswith('statistik-pengaduan.xlsx"')
    workbook = load_workbook(io.BytesIO(response.content))
    assert {"Ringkasan", "Kategori", "Program", "Status", "Pengaduan"} <= set(workbook.sheetnames)
    rows = list(workbook["Pengaduan"].iter_rows(values_only=True))
    assert rows[1][0] == complaint.code and rows[1][3] == "PIP"
    flat = repr([list(ws.iter_rows(values_only=True)) for ws in workbook.worksheets])
    assert "3505011203850001" not in flat and "Siti Aminah" not in flat


def test_statistics_need_a_reporting_role(people, office, login):
    assert (
        login(people.jaten_village_operator).get(reverse("complaints:statistics")).status_code
        == 403
    )
    assert login(office.dinsos_officer).get(reverse("complaints:statistics")).status_code == 200


def test_agency_pushes_a_complaint_and_a_retry_does_not_duplicate(people, regions, api):
    client = api(people.bpjs_blitar_key)
    payload = {
        "category": "aid_not_received",
        "program": "PBI-JKN",
        "village": "35.05.01.2001",
        "description": "Kartu KIS tidak aktif padahal peserta PBI.",
        "nik": "3505011203850001",
        "external_reference": "BPJS-CC-778",
        "attachments": [{"name": "kartu.jpg", "content_base64": base64.b64encode(JPEG).decode()}],
    }
    first = client.post(reverse("api-complaint-list"), payload, format="json")
    assert first.status_code == 201, first.content
    data = first.json()
    assert data["code"].startswith("ADU-") and data["region"] == "35.05.01.2001"
    assert data["channel"] == "api" and data["program"] == "PBI-JKN"
    assert data["timeline"][0]["status"] == "Diterima"
    again = client.post(reverse("api-complaint-list"), payload, format="json")
    assert again.status_code == 200 and again.json()["code"] == data["code"]
    assert Complaint.objects.count() == 1
    assert Complaint.objects.get().attachments.count() == 1
    listing = client.get(reverse("api-complaint-list")).json()
    assert [c["code"] for c in listing["results"]] == [data["code"]]
    detail = client.get(reverse("api-complaint-detail", args=[data["id"]]))
    assert detail.json()["code"] == data["code"]


def test_lapor_reference_marks_the_channel(people, regions, api):
    response = api(people.bpjs_blitar_key).post(
        reverse("api-complaint-list"),
        {
            "category": "misuse",
            "village": "35.05.01.2001",
            "description": "Diteruskan dari SP4N-LAPOR!",
            "lapor_reference": "LAPOR-99",
        },
        format="json",
    )
    assert response.status_code == 201 and response.json()["channel"] == "lapor"


def test_api_bad_input_names_each_field(people, regions, api):
    client = api(people.bpjs_blitar_key)
    response = client.post(
        reverse("api-complaint-list"),
        {
            "category": "not_registered",
            "program": "XYZ",
            "village": "35.09.01.2001",  # Jember: outside the token's region
            "description": "<script>alert(1)</script> tolong",
            "nik": "123",
            "attachments": [{"name": "foto.jpg", "content_base64": base64.b64encode(EXE).decode()}],
        },
        format="json",
    )
    assert response.status_code == 400
    fields = response.json()["error"]["fields"]
    assert set(fields) == {"program", "village", "description", "nik", "attachments"}
    assert "tidak dikenal atau di luar wilayah Anda" in fields["village"][0]
    assert "bukan foto" in fields["attachments"][0]
    assert not Complaint.objects.exists()


def test_api_rate_limit_per_address(people, regions, api, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {
            **settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"],
            "complaints": "2/minute",
        },
    }
    from rest_framework.settings import api_settings

    from complaints.apis import ComplaintAddressThrottle

    ComplaintAddressThrottle.THROTTLE_RATES = api_settings.DEFAULT_THROTTLE_RATES
    try:
        client = api(people.bpjs_blitar_key)
        codes = [client.get(reverse("api-complaint-list")).status_code for _ in range(3)]
        assert codes == [200, 200, 429]
    finally:
        from rest_framework.throttling import SimpleRateThrottle

        ComplaintAddressThrottle.THROTTLE_RATES = SimpleRateThrottle.THROTTLE_RATES


def test_roles_without_the_permission_cannot_push(people, regions, api):
    client = api()
    client.force_authenticate(people.blitar_auditor)
    response = client.post(reverse("api-complaint-list"), {}, format="json")
    assert response.status_code == 403
