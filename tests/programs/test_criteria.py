"""Criteria built in the browser: validated when saved, counted live, never run as code."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from households.facts import household_facts_refresh
from households.models import Household, Person
from programs.criteria import criteria_q, criteria_validate
from programs.models import Program
from programs.selectors import eligibility_count
from tests.programs import independent
from tkpk.models import AuditEntry


@pytest.mark.parametrize(
    ("criteria", "message"),
    [
        (
            {"match": "all", "rules": [{"field": "member_age", "min": 70, "max": 10}]},
            "batas bawah 70 lebih besar dari batas atas 10",
        ),
        (
            {"match": "all", "rules": [{"field": "gaji_bulanan", "min": 1}]},
            "'gaji_bulanan' tidak dikenal",
        ),
        ({"match": "all", "rules": []}, "Kriteria kosong"),
        ({}, "Kriteria kosong"),
        (
            {"match": "all", "rules": [{"field": "receives_program", "program": "BANSOS-X"}]},
            "program 'BANSOS-X' tidak ada di katalog",
        ),
        (
            {"match": "all", "rules": [{"field": "decile", "min": 0, "max": 4}]},
            "di luar rentang 1–10",
        ),
        ({"match": "all", "rules": [{"field": "decile", "min": "satu"}]}, "bilangan bulat"),
        (
            {"match": "all", "rules": [{"field": "roof", "values": ["jerami"]}]},
            "tidak dikenal: jerami",
        ),
        (
            {"match": "all", "rules": [{"field": "region", "values": ["35.05.99"]}]},
            "tidak dikenal: 35.05.99",
        ),
        (
            {
                "match": "all",
                "rules": [
                    {
                        "match": "any",
                        "rules": [{"match": "all", "rules": [{"field": "decile", "max": 2}]}],
                    }
                ],
            },
            "hanya boleh satu tingkat",
        ),
    ],
)
def test_bad_criteria_are_refused_with_a_clear_message(regions, criteria, message):
    with pytest.raises(ValidationError) as refused:
        criteria_validate(
            criteria, known_programs=set(Program.objects.values_list("code", flat=True))
        )
    assert any(message in m for m in refused.value.messages), refused.value.messages


def test_typed_text_never_reaches_sql_as_code(registry):
    hostile = "35.05'); DROP TABLE households_household; --"
    with pytest.raises(ValidationError):
        criteria_validate({"match": "all", "rules": [{"field": "region", "values": [hostile]}]})
    criteria = criteria_validate(
        {"match": "all", "rules": [{"field": "decile", "min": "1", "max": "3"}]}
    )
    assert Household.objects.filter(
        criteria_q(criteria, unit="household", reference_date=date.today())
    ).count() == (Household.objects.filter(welfare_decile__range=(1, 3)).count())


def test_live_count_is_limited_to_the_user_region(registry, people):
    criteria = criteria_validate({"match": "all", "rules": [{"field": "decile", "max": 4}]})
    blitar = eligibility_count(
        criteria=criteria, unit="household", day=date.today(), user=people.blitar_secretariat
    )
    jember = eligibility_count(
        criteria=criteria, unit="household", day=date.today(), user=people.jember_secretariat
    )
    poor = Household.objects.filter(welfare_decile__lte=4, status="active")
    assert blitar.households == poor.count() > 0
    assert blitar.persons == Person.objects.filter(household__in=poor, status="living").count()
    assert jember.households == 0


def _builder_post(**rows):
    data = {"match": "all", "g1-match": "any", "g2-match": "any", "g3-match": "any"}
    data.update(rows)
    return data


def test_secretariat_adjusts_criteria_in_the_builder(registry, people, login):
    client = login(people.blitar_secretariat)
    url = reverse("programs:criteria", args=["BPNT"])
    post = _builder_post(
        **{
            "r0-field": "decile",
            "r0-group": "0",
            "r0-min": "1",
            "r0-max": "2",
            "r1-field": "unfit_housing",
            "r1-group": "1",
            "r1-value": "ya",
            "r2-field": "member_age",
            "r2-group": "1",
            "r2-min": "60",
            "r2-max": "",
        }
    )

    preview = client.post(url, post, HTTP_HX_REQUEST="true")
    body = preview.content.decode()
    wanted = {
        "match": "all",
        "rules": [
            {"field": "decile", "min": 1, "max": 2},
            {
                "match": "any",
                "rules": [
                    {"field": "unfit_housing", "value": True},
                    {"field": "member_age", "min": 60},
                ],
            },
        ],
    }
    expected = independent.eligible_households(wanted, unit="household", day=date.today())
    assert preview.status_code == 200
    assert expected and f"<strong>{len(expected)}</strong> keluarga" in body
    assert Program.objects.get(code="BPNT").criteria["rules"] == [
        {"field": "decile", "min": 1, "max": 4}
    ]

    saved = client.post(url, {**post, "save": "1"})
    assert saved.status_code == 302
    stored = Program.objects.get(code="BPNT").criteria
    assert stored == {
        "match": "all",
        "rules": [
            {"field": "decile", "min": 1, "max": 2},
            {
                "match": "any",
                "rules": [
                    {"field": "unfit_housing", "value": True},
                    {"field": "member_age", "min": 60, "max": None},
                ],
            },
        ],
    }
    assert AuditEntry.objects.filter(
        action="criteria_changed", object_label__contains="BPNT"
    ).exists()


def test_an_impossible_range_is_shown_and_not_saved(registry, people, login):
    client = login(people.blitar_secretariat)
    url = reverse("programs:criteria", args=["BPNT"])
    response = client.post(
        url,
        _builder_post(
            **{
                "r0-field": "member_age",
                "r0-group": "0",
                "r0-min": "70",
                "r0-max": "10",
                "save": "1",
            }
        ),
    )
    assert response.status_code == 200
    assert "batas bawah 70 lebih besar dari batas atas 10" in response.content.decode()
    assert Program.objects.get(code="BPNT").criteria["rules"][0]["field"] == "decile"


def test_criteria_pages_are_closed_to_roles_that_cannot_manage_programs(registry, people, login):
    response = login(people.blitar_social_operator).get(reverse("programs:criteria", args=["PKH"]))
    assert response.status_code == 403


def test_a_rule_on_receiving_another_program(world):
    """BPNT families not yet on PKH: the rule reads the recipient lists of the current period."""
    from programs.models import Recipient
    from tests.programs.conftest import DAY

    criteria = criteria_validate(
        {
            "match": "all",
            "rules": [
                {"field": "decile", "max": 4},
                {"field": "receives_program", "program": "PKH", "value": False},
            ],
        },
        known_programs={"PKH"},
    )
    matching = set(
        Household.objects.filter(status="active")
        .filter(criteria_q(criteria, unit="household", reference_date=DAY))
        .values_list("pk", flat=True)
    )
    on_pkh = set(
        Recipient.objects.filter(program__code="PKH", status="active").values_list(
            "household_id", flat=True
        )
    )
    poor = set(
        Household.objects.filter(status="active", welfare_decile__lte=4).values_list(
            "pk", flat=True
        )
    )
    assert on_pkh & poor
    assert matching == poor - on_pkh


def test_members_born_after_the_reference_date_belong_to_no_family_yet(registry):
    day = date(2026, 6, 1)
    # given a severely disabled child born the day after, in a family of two
    child = Person.objects.filter(status="living", household__member_count=2).order_by("id")[0]
    born_later = day + timedelta(days=1)
    Person.objects.filter(pk=child.pk).update(birth_date=born_later, disability="berat")
    household_facts_refresh()
    size = {"match": "all", "rules": [{"field": "household_size", "max": 1}]}
    disabled = {"match": "all", "rules": [{"field": "member_disability", "values": ["berat"]}]}

    def matching(criteria):
        return set(
            Household.objects.filter(status="active")
            .filter(criteria_q(criteria_validate(criteria), unit="household", reference_date=day))
            .values_list("pk", flat=True)
        )

    # then on that day the family has one member and nobody disabled in it
    assert child.household_id in matching(size)
    assert matching(size) == set(independent.eligible_households(size, unit="household", day=day))
    assert child.household_id not in matching(disabled)
    assert matching(disabled) == set(
        independent.eligible_households(disabled, unit="household", day=day)
    )
