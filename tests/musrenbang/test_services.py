"""Planning years, proposals and their bad input: scope, cost, closed stages."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from musrenbang.models import Amendment, Criterion, Proposal, Stage
from musrenbang.selectors import attendance_mix
from musrenbang.services import (
    AttendeeInput,
    ForumInput,
    attendance_add,
    forum_create,
    planning_year_create,
    proposal_update,
    rubric_weights_check,
    rupiah_parse,
    stage_close,
)
from tests.musrenbang.conftest import OTHER_WONODADI_VILLAGE, proposal_input
from tests.personas import BLITAR, JATEN, JEMBER, PADOMASAN


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("1.500.000,00", 1_500_000),
        ("1.500.000", 1_500_000),
        ("Rp 1.500.000,-".removesuffix(",-"), 1_500_000),
        ("Rp. 250.000", 250_000),
        ("1500000", 1_500_000),
        ("1500000,00", 1_500_000),
        (" 75.000 ", 75_000),
        (12_000, 12_000),
    ],
)
def test_indonesian_costs_are_read_as_rupiah(text, value):
    assert rupiah_parse(text) == value


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("-1.500.000", "negatif"),
        ("0", "lebih dari nol"),
        ("0,00", "lebih dari nol"),
        ("satu juta", "bukan angka rupiah"),
        ("1.5", "bukan angka rupiah"),
        ("1.500.000,50", "tanpa sen"),
        ("", "bukan angka rupiah"),
        (-5, "negatif"),
    ],
)
def test_bad_costs_are_refused_with_a_reason(text, message):
    with pytest.raises(ValidationError) as exc:
        rupiah_parse(text)
    assert message in " ".join(exc.value.messages)


def test_a_planning_year_has_five_open_stages_and_the_default_rubric(year):
    kinds = list(year.stages.values_list("kind", flat=True))
    assert kinds == ["musdes", "thematic", "district", "agency", "regency"]
    assert not year.stages.filter(closed_at__isnull=False).exists()
    rubric = year.rubric
    assert rubric.is_default and "bukan peraturan" in rubric.name
    weights = dict(rubric.criteria.values_list("code", "weight"))
    assert weights == {
        "kesesuaian": 25,
        "dampak-miskin": 25,
        "urgensi": 20,
        "penerima": 15,
        "kesiapan": 15,
    }
    assert rubric.criteria.get(code="dampak-miskin").automatic == "poverty"
    assert all(len(c.descriptors) == 5 for c in rubric.criteria.all())


def test_a_planning_year_outside_the_region_reads_as_not_found(people, year):
    with pytest.raises(ValidationError) as outside:
        planning_year_create(user=people.blitar_secretariat, region_code=JEMBER, year=2027)
    with pytest.raises(ValidationError) as missing:
        planning_year_create(user=people.blitar_secretariat, region_code="35.99", year=2027)
    assert "tidak ditemukan" in str(outside.value)
    assert str(outside.value).replace(JEMBER, "X") == str(missing.value).replace("35.99", "X")
    with pytest.raises(ValidationError, match="sudah ada"):
        planning_year_create(user=people.blitar_secretariat, region_code=BLITAR, year=2027)
    with pytest.raises(ValidationError):
        planning_year_create(user=people.jaten_village_operator, region_code=BLITAR, year=2028)


def test_weights_must_sum_to_100():
    rubric_weights_check([25, 25, 20, 15, 15])
    with pytest.raises(ValidationError, match="harus 100, sekarang 95"):
        rubric_weights_check([25, 25, 20, 15, 10])
    with pytest.raises(ValidationError, match="antara 1 dan 100"):
        rubric_weights_check([0, 100])


def test_the_database_refuses_a_weight_outside_1_100(year):
    with pytest.raises(IntegrityError), transaction.atomic():
        Criterion.objects.create(rubric=year.rubric, code="x", name="x", weight=0)


def test_a_village_operator_proposes_for_their_village(people, propose):
    proposal = propose()
    assert proposal.village_id == JATEN
    assert proposal.estimated_cost == 15_000_000
    assert proposal.stage.kind == Stage.Kind.MUSDES
    assert proposal.status == Proposal.Status.PROPOSED


def test_another_village_reads_as_not_found_for_a_village_operator(people, propose):
    with pytest.raises(ValidationError) as other:
        propose(village_code=OTHER_WONODADI_VILLAGE)
    with pytest.raises(ValidationError) as jember:
        propose(village_code=PADOMASAN)
    with pytest.raises(ValidationError) as missing:
        propose(village_code="35.05.01.2999")
    texts = [str(e.value.message_dict) for e in (other, jember, missing)]
    assert all("tidak ditemukan" in t for t in texts)
    assert texts[0].replace(OTHER_WONODADI_VILLAGE, "X") == texts[2].replace("35.05.01.2999", "X")
    assert Proposal.objects.count() == 0


def test_the_secretariat_proposes_anywhere_in_its_regency(people, propose):
    assert propose(user=people.blitar_secretariat, village_code=OTHER_WONODADI_VILLAGE).pk


@pytest.mark.parametrize("cost", ["-5.000", "0", "lima juta", "1.000.000,75"])
def test_a_bad_cost_is_refused_and_nothing_is_written(propose, cost):
    with pytest.raises(ValidationError) as exc:
        propose(estimated_cost=cost)
    assert "estimated_cost" in exc.value.message_dict
    assert Proposal.objects.count() == 0


def test_the_database_refuses_a_zero_cost(propose):
    proposal = propose()
    with pytest.raises(IntegrityError), transaction.atomic():
        Proposal.objects.filter(pk=proposal.pk).update(estimated_cost=0)


def test_a_village_operator_cannot_move_a_proposal_to_another_village(people, propose):
    proposal = propose()
    with pytest.raises(ValidationError, match="tidak ditemukan"):
        proposal_update(
            user=people.jaten_village_operator,
            proposal=proposal,
            data=proposal_input(village_code=OTHER_WONODADI_VILLAGE),
        )
    proposal.refresh_from_db()
    assert proposal.village_id == JATEN


def test_a_proposal_outside_the_users_region_cannot_be_edited(people, propose):
    proposal = propose(user=people.blitar_secretariat, village_code=OTHER_WONODADI_VILLAGE)
    with pytest.raises(ValidationError, match="tidak ditemukan"):
        proposal_update(
            user=people.jaten_village_operator,
            proposal=proposal,
            data=proposal_input(village_code=JATEN),
        )


def test_after_the_stage_closes_a_change_needs_a_reason_and_is_recorded(people, year, propose):
    proposal = propose()
    stage_close(user=people.blitar_secretariat, stage=proposal.stage)
    # given a closed Musdes: the village operator can no longer change it
    with pytest.raises(ValidationError, match="sudah ditutup"):
        proposal_update(
            user=people.jaten_village_operator,
            proposal=proposal,
            data=proposal_input(estimated_cost="12.000.000"),
        )
    # the secretariat can, but only with a reason
    with pytest.raises(ValidationError) as exc:
        proposal_update(
            user=people.blitar_secretariat,
            proposal=proposal,
            data=proposal_input(estimated_cost="12.000.000"),
        )
    assert "amendment_reason" in exc.value.message_dict
    proposal.refresh_from_db()
    assert proposal.estimated_cost == 15_000_000 and not Amendment.objects.exists()
    proposal_update(
        user=people.blitar_secretariat,
        proposal=proposal,
        data=proposal_input(estimated_cost="12.000.000"),
        amendment_reason="Harga satuan disesuaikan standar biaya 2027.",
    )
    amendment = Amendment.objects.get()
    assert amendment.before == {"estimated_cost": 15_000_000}
    assert amendment.after == {"estimated_cost": 12_000_000}
    assert amendment.made_by == people.blitar_secretariat
    assert amendment.stage.kind == Stage.Kind.MUSDES
    # and a new proposal cannot be added to the closed stage
    with pytest.raises(ValidationError, match="sudah ditutup"):
        propose()


def test_attendance_mix_warns_when_thin(people, year):
    forum = forum_create(
        user=people.jaten_village_operator,
        planning_year=year,
        data=ForumInput(
            region_code=JATEN, name="Musdes Jaten 2026", held_on="2026-01-20", place="Balai desa"
        ),
    )
    assert forum.stage.kind == Stage.Kind.MUSDES
    assert "kosong" in attendance_mix(forum=forum).warnings[0]
    attendance_add(
        user=people.jaten_village_operator,
        forum=forum,
        attendees=[AttendeeInput(name="Pak Kades", sex="L"), AttendeeInput(name="Pak RT", sex="L")],
    )
    mix = attendance_mix(forum=forum)
    assert (mix.total, mix.women, mix.disability, mix.poor) == (2, 0, 0, 0)
    assert len(mix.warnings) == 3
    attendance_add(
        user=people.jaten_village_operator,
        forum=forum,
        attendees=[
            AttendeeInput(name="Bu Sri", sex="P", represents_poor=True),
            AttendeeInput(name="Mas Dwi", sex="L", has_disability=True, element="disability"),
        ],
    )
    assert attendance_mix(forum=forum).warnings == []


def test_an_attendance_sheet_with_a_blank_name_is_refused_whole(people, year):
    forum = forum_create(
        user=people.jaten_village_operator,
        planning_year=year,
        data=ForumInput(region_code=JATEN, name="Musdes", held_on="2026-01-20", place="Balai"),
    )
    with pytest.raises(ValidationError, match="Baris 2: nama kosong"):
        attendance_add(
            user=people.jaten_village_operator,
            forum=forum,
            attendees=[AttendeeInput(name="Bu Sri", sex="P"), AttendeeInput(name=" ", sex="P")],
        )
    assert forum.attendees.count() == 0


def test_a_village_operator_cannot_open_a_forum_for_the_district(people, year):
    with pytest.raises(ValidationError, match="tidak ditemukan"):
        forum_create(
            user=people.jaten_village_operator,
            planning_year=year,
            data=ForumInput(region_code="35.05.01", name="X", held_on="2026-02-20", place="Y"),
        )
