"""The pages a village operator and the secretariat click through."""

from __future__ import annotations

from django.urls import reverse

from musrenbang.models import Amendment, DistrictCeiling, Forum, PlanningYear, Proposal
from musrenbang.services import stage_close
from tests.musrenbang.conftest import OTHER_WONODADI_VILLAGE, WONODADI, household
from tests.personas import JATEN, PADOMASAN


def form(**overrides):
    values = {
        "title": "Rehab rumah tidak layak huni",
        "problem": "Atap rumbia dan lantai tanah.",
        "village": JATEN,
        "rt": "003",
        "rw": "001",
        "field_of_affairs": "housing",
        "is_physical": "on",
        "volume": "5",
        "unit": "unit",
        "estimated_cost": "1.500.000,00",
        "beneficiaries": "5",
        "beneficiary_kind": "household",
    }
    values.update(overrides)
    return values


def test_the_year_pages_show_stages_and_say_the_rubric_is_a_default(people, login):
    client = login(people.blitar_secretariat)
    response = client.post(reverse("musrenbang:year-create"), {"region": "35.05", "year": 2027})
    year = PlanningYear.objects.get()
    assert response.status_code == 302
    page = client.get(reverse("musrenbang:year-detail", args=[year.pk])).content.decode()
    assert "Musrenbang kecamatan" in page and "Forum OPD" in page
    assert "bukan peraturan" in page and "Wonodadi" in page


def test_a_village_operator_enters_a_proposal_and_sees_the_registry(people, login, year):
    household(JATEN, decile=2, floor="tanah")
    client = login(people.jaten_village_operator)
    page = client.get(reverse("musrenbang:proposal-create", args=[year.pk])).content.decode()
    assert "Jaten" in page and "Salam" not in page
    response = client.post(reverse("musrenbang:proposal-create", args=[year.pk]), form())
    assert response.status_code == 302, response.content.decode()[:2000]
    proposal = Proposal.objects.get()
    assert proposal.estimated_cost == 1_500_000
    page = client.get(response["Location"]).content.decode()
    assert "rumah tidak layak (ALADIN)" in page
    assert 'data-testid="poverty"' in page


def test_a_proposal_in_another_village_says_only_not_found(people, login, year):
    client = login(people.jaten_village_operator)
    url = reverse("musrenbang:proposal-create", args=[year.pk])
    other = client.post(url, form(village=OTHER_WONODADI_VILLAGE)).content.decode()
    jember = client.post(url, form(village=PADOMASAN)).content.decode()
    assert "tidak ditemukan" in other and "tidak ditemukan" in jember
    assert "Padomasan" not in jember
    assert Proposal.objects.count() == 0


def test_a_bad_cost_is_shown_on_the_form(people, login, year):
    client = login(people.jaten_village_operator)
    response = client.post(
        reverse("musrenbang:proposal-create", args=[year.pk]), form(estimated_cost="-1.000")
    )
    assert response.status_code == 400
    assert "tidak boleh negatif" in response.content.decode()


def test_outside_scope_is_404_like_missing(people, login, year, propose):
    proposal = propose(user=people.blitar_secretariat, village_code=OTHER_WONODADI_VILLAGE)
    client = login(people.jaten_village_operator)
    assert client.get(reverse("musrenbang:proposal-detail", args=[proposal.pk])).status_code == 404
    assert client.get(reverse("musrenbang:proposal-detail", args=[987654])).status_code == 404
    assert client.get(reverse("musrenbang:proposal-edit", args=[proposal.pk])).status_code == 404
    district = reverse("musrenbang:district-detail", args=[year.pk, WONODADI])
    assert client.get(district).status_code == 404


def test_an_edit_after_the_stage_closed_needs_a_reason(people, login, year, propose):
    proposal = propose()
    stage_close(user=people.blitar_secretariat, stage=proposal.stage)
    client = login(people.blitar_secretariat)
    url = reverse("musrenbang:proposal-edit", args=[proposal.pk])
    response = client.post(url, form(estimated_cost="9.000.000"))
    assert response.status_code == 400 and "alasan" in response.content.decode()
    response = client.post(
        url, form(estimated_cost="9.000.000", amendment_reason="Hasil verifikasi lapangan.")
    )
    assert response.status_code == 302
    assert Amendment.objects.get().after["estimated_cost"] == 9_000_000
    page = client.get(reverse("musrenbang:proposal-detail", args=[proposal.pk])).content.decode()
    assert "Hasil verifikasi lapangan." in page


def test_forum_page_warns_about_a_thin_attendance(people, login, year):
    client = login(people.jaten_village_operator)
    response = client.post(
        reverse("musrenbang:forum-create", args=[year.pk]),
        {
            "region": JATEN,
            "kind": "general",
            "name": "Musdes Jaten",
            "held_on": "2026-01-15",
            "place": "Balai desa",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    forum = Forum.objects.get()
    client.post(
        reverse("musrenbang:attendance-add", args=[forum.pk]),
        {"name": "Pak Kades", "sex": "L", "element": "village"},
    )
    page = client.get(reverse("musrenbang:forum-detail", args=[forum.pk])).content.decode()
    assert "Pak Kades" in page
    assert "Tidak ada peserta perempuan." in page
    blank = client.post(
        reverse("musrenbang:attendance-add", args=[forum.pk]), {"name": "", "sex": "P"}
    )
    assert blank.status_code == 400 and forum.attendees.count() == 1


def test_scoring_and_filling_the_ceiling_from_the_pages(people, login, year, propose):
    for decile in (1, 2, 3, 8):
        household(JATEN, decile=decile)
    first = propose(estimated_cost="40.000.000")
    second = propose(title="Kedua", estimated_cost="70.000.000")
    client = login(people.blitar_secretariat)
    criteria = {c.code: c.pk for c in year.rubric.criteria.all()}
    for proposal, value in ((first, 5), (second, 3)):
        response = client.post(
            reverse("musrenbang:proposal-score", args=[proposal.pk]),
            {
                f"kriteria-{criteria[c]}": value
                for c in ("kesesuaian", "urgensi", "penerima", "kesiapan")
            },
        )
        assert response.status_code == 302
    bad = client.post(
        reverse("musrenbang:proposal-score", args=[first.pk]),
        {f"kriteria-{criteria['urgensi']}": "9"},
    )
    assert bad.status_code == 400 and "1 sampai 5" in bad.content.decode()
    district = reverse("musrenbang:district-detail", args=[year.pk, WONODADI])
    assert client.post(district, {"amount": "100.000.000"}).status_code == 302
    client.post(reverse("musrenbang:district-fill", args=[year.pk, WONODADI]))
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == ("accepted", "reserve")
    assert DistrictCeiling.objects.get().agreed_total == 40_000_000
    page = client.get(district).content.decode()
    assert "Rp40.000.000" in page.replace("\xa0", "") or "40.000.000" in page


def test_the_proposal_list_pages_by_keyset_in_a_fixed_number_of_queries(
    people, login, year, propose, django_assert_num_queries
):
    for i in range(3):
        propose(title=f"Usulan {i}")
    client = login(people.jaten_village_operator)
    client.get(reverse("musrenbang:proposal-list"))  # warm the session
    # session, user, role assignments, proposals page (with village, district and year
    # joined), the capped count, the year links
    with django_assert_num_queries(6):
        response = client.get(reverse("musrenbang:proposal-list") + f"?tahun={year.pk}")
    assert response.content.decode().count("Usulan ") >= 3
    for i in range(60):
        propose(title=f"Lagi {i}")
    with django_assert_num_queries(6):
        page = client.get(reverse("musrenbang:proposal-list"))
    assert "setelah=" in page.content.decode()


def test_the_district_page_takes_a_fixed_number_of_queries(
    people, login, year, propose, django_assert_num_queries
):
    client = login(people.blitar_secretariat)
    url = reverse("musrenbang:district-detail", args=[year.pk, WONODADI])
    client.get(url)
    for i in range(5):
        p = propose(
            title=f"U{i}",
            village_code=JATEN if i % 2 else OTHER_WONODADI_VILLAGE,
            user=people.blitar_secretariat,
        )
        Proposal.objects.filter(pk=p.pk).update(score=3)
    # session, user, roles, year, district, ranking (one window query), registry figures
    # (households, persons: grouped over the page's villages), ceiling, unscored count
    with django_assert_num_queries(10):
        response = client.get(url)
    assert response.content.decode().count("U") > 5
