"""The monitoring API: indicators read in scope and pushed idempotently, rakor with their
follow-ups, in the API's one error format."""

from __future__ import annotations

from datetime import date

from django.urls import reverse

from monitoring.indicators.services import ValueInput, indicator_values_store
from monitoring.models import IndicatorValue
from tests.monitoring.conftest import make_follow_up, make_meeting
from tests.personas import BLITAR, JEMBER

ROW = {
    "region": BLITAR,
    "indicator": "p0",
    "year": 2024,
    "period": "march",
    "value": "9,31",
    "source": "BPS Susenas Maret 2024",
}


def test_a_push_is_stored_once_and_resending_it_changes_nothing(people, api):
    client = api(people.bpjs_blitar_key)
    url = reverse("api-indicator-list")
    first = client.post(url, {"values": [ROW]}, format="json")
    assert first.status_code == 200, first.content
    assert first.json() == {"new": 1, "changed": 0, "unchanged": 0}
    again = client.post(url, {"values": [ROW]}, format="json")
    assert again.json() == {"new": 0, "changed": 0, "unchanged": 1}
    assert IndicatorValue.objects.count() == 1


def test_a_push_with_a_bad_row_stores_nothing_and_names_the_row(people, api):
    client = api(people.bpjs_blitar_key)
    response = client.post(
        reverse("api-indicator-list"),
        {"values": [ROW, {**ROW, "indicator": "p1", "value": "-2"}]},
        format="json",
    )
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid"
    assert error["fields"]["values"] == ["Baris 2, kolom nilai: Nilai tidak boleh negatif."]
    assert IndicatorValue.objects.count() == 0


def test_another_regency_reads_as_not_found_in_a_push(people, api):
    client = api(people.bpjs_blitar_key)
    jember = client.post(
        reverse("api-indicator-list"), {"values": [{**ROW, "region": JEMBER}]}, format="json"
    )
    missing = client.post(
        reverse("api-indicator-list"), {"values": [{**ROW, "region": "35.98"}]}, format="json"
    )
    assert jember.status_code == missing.status_code == 400
    assert jember.json() == missing.json()


def test_the_list_shows_the_callers_region_its_province_and_the_country(people, api):
    indicator_values_store(
        user=people.blitar_secretariat,
        values=[
            ValueInput(BLITAR, "p0", 2024, "march", "9,31", "BPS"),
            ValueInput("35", "p0", 2024, "march", "9,79", "BPS"),
            ValueInput("00", "p0", 2024, "march", "9,03", "BPS"),
        ],
    )
    indicator_values_store(
        user=people.jember_secretariat,
        values=[ValueInput(JEMBER, "p0", 2024, "march", "8,9", "BPS")],
    )
    client = api(people.bpjs_blitar_key)
    rows = client.get(reverse("api-indicator-list")).json()["results"]
    assert sorted(r["region"] for r in rows) == ["00", "35", BLITAR]
    only = client.get(reverse("api-indicator-list") + "?wilayah=35").json()["results"]
    assert [(r["region"], r["value"]) for r in only] == [("35", "9.7900")]
    assert client.get(reverse("api-indicator-list") + "?wilayah=abc").status_code == 400
    assert client.get(reverse("api-indicator-list") + "?kota=1").status_code == 400


def test_a_reader_without_the_push_permission_is_refused(people, api):
    client = api()
    client.force_authenticate(people.blitar_leader)
    assert client.get(reverse("api-indicator-list")).status_code == 200
    assert (
        client.post(reverse("api-indicator-list"), {"values": [ROW]}, format="json").status_code
        == 403
    )


def test_meetings_with_their_follow_ups_in_scope(people, api):
    from tkpk.models import Region
    from tkpk.services.demo import agencies_ensure_standard as ensure

    agencies = ensure(region=Region.objects.get(code=BLITAR))
    meeting = make_meeting(people.blitar_secretariat, BLITAR, title="RAKOR-API")
    make_follow_up(people.blitar_secretariat, meeting, agencies["dinsos"], due_on=date(2026, 4, 1))
    make_meeting(people.jember_secretariat, JEMBER, title="RAKOR-JEMBER")
    client = api(people.bpjs_blitar_key)
    rows = client.get(reverse("api-meeting-list")).json()["results"]
    assert [r["title"] for r in rows] == ["RAKOR-API"]
    assert rows[0]["follow_ups"][0]["owner_code"] == "dinsos"
    assert rows[0]["follow_ups"][0]["overdue"] is True  # due 1 April 2026, not done
    detail = client.get(reverse("api-meeting-detail", args=[meeting.pk])).json()
    assert detail["title"] == "RAKOR-API"
