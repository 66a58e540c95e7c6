"""Editing the scoring rubric: weights summing to 100, five descriptors, refused once
scoring has started; the page keeps saying the default is a proposal, not a regulation."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from musrenbang.models import Criterion, ProposalScore
from musrenbang.services.rubric import CriterionInput, rubric_update
from tkpk.models import AuditEntry


def rubric_post(rows: list[tuple[str, str, str, str]], name: str = "Rubrik Blitar 2027") -> dict:
    data = {
        "name": name,
        "k-TOTAL_FORMS": str(len(rows)),
        "k-INITIAL_FORMS": "0",
        "k-MIN_NUM_FORMS": "0",
        "k-MAX_NUM_FORMS": "20",
    }
    for i, (code, label, weight, automatic) in enumerate(rows):
        data.update(
            {
                f"k-{i}-code": code,
                f"k-{i}-name": label,
                f"k-{i}-weight": weight,
                f"k-{i}-automatic": automatic,
                **{f"k-{i}-d{n}": f"Tingkat {n}" for n in range(1, 6)},
            }
        )
    return data


def test_weights_that_do_not_sum_to_100_are_refused_with_the_sum_shown(people, year, login):
    client = login(people.blitar_secretariat)
    response = client.post(
        reverse("musrenbang:rubric", args=[year.pk]),
        rubric_post([("miskin", "Dampak", "60", "poverty"), ("urgensi", "Urgensi", "30", "")]),
    )
    assert response.status_code == 400
    assert "Jumlah bobot harus 100, sekarang 90." in response.content.decode()
    assert Criterion.objects.filter(rubric__planning_year=year).count() == 5  # unchanged


def test_a_manager_edits_the_rubric_and_the_page_still_says_the_default_is_a_proposal(
    people, year, login
):
    client = login(people.blitar_secretariat)
    response = client.post(
        reverse("musrenbang:rubric", args=[year.pk]),
        rubric_post(
            [("miskin", "Dampak pada desil 1-4", "70", "poverty"), ("urgensi", "Urgensi", "30", "")]
        ),
    )
    assert response.status_code == 302
    criteria = list(Criterion.objects.filter(rubric__planning_year=year).order_by("order"))
    assert [(c.code, c.weight, c.automatic) for c in criteria] == [
        ("miskin", 70, "poverty"),
        ("urgensi", 30, ""),
    ]
    assert criteria[1].descriptors == [f"Tingkat {n}" for n in range(1, 6)]
    year.rubric.refresh_from_db()
    assert not year.rubric.is_default
    page = client.get(reverse("musrenbang:rubric", args=[year.pk])).content.decode()
    assert "bukan peraturan" in page
    assert AuditEntry.objects.filter(action="musrenbang_rubric_changed").count() == 1


def test_missing_descriptors_and_a_repeated_code_are_named_by_row(people, year):
    with pytest.raises(ValidationError) as caught:
        rubric_update(
            user=people.blitar_secretariat,
            planning_year=year,
            name="R",
            criteria=[
                CriterionInput("a", "A", 50, "", ["1", "2", "3", "4", "5"]),
                CriterionInput("a", "B", 50, "", ["1", "2", "", "4", "5"]),
            ],
        )
    assert caught.value.messages == [
        "Kriteria 2: kode a dipakai dua kali.",
        "Kriteria 2: isi deskripsi untuk setiap skor 1 sampai 5.",
    ]


def test_the_rubric_is_frozen_once_scoring_started(people, year, propose, login):
    proposal = propose()
    criterion = year.rubric.criteria.get(code="urgensi")
    ProposalScore.objects.create(
        proposal=proposal, criterion=criterion, assessor=people.blitar_secretariat, value=4
    )
    with pytest.raises(ValidationError, match="Penilaian sudah dimulai"):
        rubric_update(
            user=people.blitar_secretariat,
            planning_year=year,
            name="R",
            criteria=[CriterionInput("a", "A", 100, "", ["1", "2", "3", "4", "5"])],
        )
    page = login(people.blitar_secretariat).get(reverse("musrenbang:rubric", args=[year.pk]))
    assert 'data-testid="rubric-frozen"' in page.content.decode()
    assert 'name="k-TOTAL_FORMS"' not in page.content.decode()


def test_a_village_operator_reads_the_rubric_but_cannot_change_it(people, year, login):
    client = login(people.jaten_village_operator)
    url = reverse("musrenbang:rubric", args=[year.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, rubric_post([("a", "A", "100", "")]))
    assert response.status_code == 404
    assert Criterion.objects.filter(rubric__planning_year=year).count() == 5
