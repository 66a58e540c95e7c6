"""Field monitoring visits: photos checked by content, recommendations followed up, scope."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from monitoring.models import FieldVisit, FieldVisitPhoto, Recommendation
from monitoring.visits.services import VisitInput, recommendation_follow_up, visit_record
from programs.groups.photos import visit_photos_check
from tests.monitoring.planworld import plan_world
from tests.personas import JATEN, PADOMASAN
from tests.programs.groupdata import jpeg
from tests.snapshots import table_state

TABLES = ("monitoring.FieldVisit", "monitoring.FieldVisitPhoto", "monitoring.Recommendation")


@pytest.fixture
def pw(people):
    return plan_world(people)


def visit_input(**overrides) -> VisitInput:
    values = {
        "region_code": JATEN,
        "visited_on": date(2026, 9, 1),
        "monitor_kind": "university",
        "monitor_name": "Universitas Islam Balitar",
        "findings": "Dua rumah belum beratap.",
        "recommendations": ["Percepat pengadaan atap", "  "],
    }
    values.update(overrides)
    return VisitInput(**values)


def test_a_visit_is_stored_with_its_photos_and_recommendations(pw):
    sub = pw.blitar.subs["1.06.04.2.01.0001"]
    visit = visit_record(
        user=pw.people.blitar_secretariat,
        data=visit_input(sub_activity_id=sub.pk),
        photos=visit_photos_check([("atap.jpg", io.BytesIO(jpeg()))]),
    )
    assert visit.sub_activity == sub
    assert [r.text for r in visit.recommendations.all()] == ["Percepat pengadaan atap"]
    assert visit.photos.get().content_type == "image/jpeg"


def test_a_file_that_is_not_a_photo_is_refused_by_its_content():
    with pytest.raises(ValidationError) as error:
        visit_photos_check([("foto.jpg", io.BytesIO(b"MZ\x90\x00 program"))])
    assert "bukan foto" in error.value.message_dict["photos"][0]


def test_a_visit_outside_the_users_region_is_refused_and_nothing_is_written(pw):
    before = table_state(*TABLES)
    with pytest.raises(ValidationError) as error:
        visit_record(user=pw.people.blitar_secretariat, data=visit_input(region_code=PADOMASAN))
    assert error.value.message_dict["region"] == [f"Lokasi {PADOMASAN} tidak ditemukan."]
    with pytest.raises(ValidationError) as error:
        visit_record(
            user=pw.people.blitar_secretariat,
            data=visit_input(sub_activity_id=pw.jember.subs["1.06.04.2.01.0001"].pk),
        )
    assert error.value.message_dict["sub_activity"] == ["Sub kegiatan tidak ditemukan."]
    with pytest.raises(ValidationError):
        visit_record(
            user=pw.people.blitar_secretariat, data=visit_input(visited_on=date(2099, 1, 1))
        )
    assert table_state(*TABLES) == before


def test_a_recommendation_is_done_only_with_its_follow_up(pw):
    visit = visit_record(user=pw.people.blitar_secretariat, data=visit_input())
    recommendation = visit.recommendations.get()
    with pytest.raises(ValidationError):
        recommendation_follow_up(
            user=pw.people.blitar_secretariat,
            recommendation=recommendation,
            status="done",
            follow_up="",
        )
    with pytest.raises(ValidationError):
        recommendation_follow_up(
            user=pw.people.jember_secretariat,
            recommendation=recommendation,
            status="in_progress",
            follow_up="x",
        )
    recommendation_follow_up(
        user=pw.people.blitar_secretariat,
        recommendation=recommendation,
        status="done",
        follow_up="Atap dipasang 20 September",
    )
    recommendation.refresh_from_db()
    assert (recommendation.status, recommendation.updated_by) == (
        "done",
        pw.people.blitar_secretariat,
    )


def test_the_pages_record_a_visit_and_hide_it_from_jember(pw, login):
    client = login(pw.people.blitar_secretariat)
    response = client.post(
        reverse("visits:create"),
        {
            "region": JATEN,
            "visited_on": "2026-09-01",
            "monitor_kind": "ngo",
            "monitor_name": "LSM Pemantau",
            "findings": "Kambing tinggal dua.",
            "recommendations": "Kunjungi lagi bulan depan",
            "photos": io.BytesIO(jpeg("red")),
        },
    )
    assert response.status_code == 302, response.content.decode()[-1500:]
    visit = FieldVisit.objects.get()
    assert FieldVisitPhoto.objects.filter(visit=visit).count() == 1
    page = client.get(reverse("visits:detail", args=[visit.pk])).content.decode()
    assert "Kambing tinggal dua." in page and "Kunjungi lagi bulan depan" in page
    jember = login(pw.people.jember_secretariat)
    assert jember.get(reverse("visits:detail", args=[visit.pk])).status_code == 404
    recommendation = Recommendation.objects.get()
    answer = jember.post(
        reverse("visits:recommendation", args=[recommendation.pk]),
        {"status": "done", "follow_up": "x"},
    )
    assert answer.status_code == 404
    assert Recommendation.objects.get().status == "open"
