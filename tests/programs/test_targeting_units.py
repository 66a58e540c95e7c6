"""Issue 15: a targeting run counts in each program's own unit, and only people who exist on
the reference date. One test per point, each against figures a secretariat would quote."""

from __future__ import annotations

import csv
import re
from datetime import date

from django.urls import reverse

from households.facts import years_before
from households.models import Household, Person
from households.synthetic import synthetic_registry_write
from programs.models import Program, RunHouseholdProgram, RunVillageStat, TargetingRun
from programs.selectors import household_programs
from programs.targeting.services import targeting_run_execute
from tests.programs import independent
from tests.programs.conftest import DAY

NEWBORN_NIK = "3505016106260001"  # the baby of the world fixture, born 21 June 2026
PBI_PER_PERSON = 42_000 * 12


def _total(run, code: str, field: str) -> int:
    rows = RunVillageStat.objects.filter(run=run, program__code=code).values_list(field, flat=True)
    return sum(rows)


def _figure(page: str, testid: str) -> tuple[int, str]:
    """The number shown in the link ``testid`` of a page, and where the link goes."""
    found = re.search(rf'data-testid="{testid}" href="([^"]+)">([\d.]+)[^<]*</a>', page)
    assert found, f"no figure {testid} on the page"
    return int(found.group(2).replace(".", "")), found.group(1).replace("&amp;", "&")


def _list_rows(page: str, testid: str) -> int:
    """Rows of the list table ``testid`` (its 'nothing here' row not counted)."""
    body = page.split(f'data-testid="{testid}"')[1].split("<tbody>")[1].split("</tbody>")[0]
    return body.count("<tr>") - body.count("colspan=")


def _listed(client, href: str, testid: str) -> int:
    """Rows of a drill-down list over all its pages."""
    path, rows = href.split("?")[0], 0
    while href:
        page = client.get(href).content.decode()
        rows += _list_rows(page, testid)
        after = re.search(r'<nav class="pager"><a href="(\?[^"]+)"', page)
        href = path + after.group(1).replace("&amp;", "&") if after else ""
    return rows


def test_1_people_born_after_the_reference_date_count_nowhere(world):
    # given a baby born three weeks after the run's reference date, already on PBI-JKN's list
    newborn = Person.objects.get(nik=NEWBORN_NIK)
    home = newborn.household
    present = home.members.filter(status="living", birth_date__lte=DAY).count()

    # then the baby is neither eligible, nor enrolled, nor a member of the family that day
    pbi = RunHouseholdProgram.objects.get(run=world, program__code="PBI-JKN", household=home)
    assert pbi.eligible_persons == present
    assert pbi.entitlement == present * PBI_PER_PERSON
    assert pbi.recipient_rows == 1  # the head's row; the baby's row is not of that day
    bpnt = RunHouseholdProgram.objects.get(run=world, program__code="BPNT", household=home)
    assert bpnt.eligible_persons == present
    # and the regency's total is the count of people who existed on the day
    expected = independent.eligible_persons(Program.objects.get(code="PBI-JKN").criteria, day=DAY)
    assert _total(world, "PBI-JKN", "eligible_persons") == len(expected)
    assert _total(world, "PBI-JKN", "entitlement") == len(expected) * PBI_PER_PERSON


def test_2_a_person_program_counts_exclusion_in_persons(world, people, login):
    # given PBI-JKN (unit: person) enrolling only the head of some poor families
    qualifying = independent.eligible_persons(Program.objects.get(code="PBI-JKN").criteria, day=DAY)
    enrolled = independent.receipts("PBI-JKN", day=DAY).enrolled
    excluded = set(qualifying) - set(enrolled)
    families_with_nobody = set(qualifying.values()) - set(
        independent.receipts("PBI-JKN", day=DAY).rows
    )
    assert len(excluded) > len(families_with_nobody)

    # when the secretariat opens the run
    client = login(people.blitar_secretariat)
    page = client.get(reverse("programs:run-detail", args=[world.pk])).content.decode()

    # then PBI-JKN's exclusion is the persons not enrolled, under a header saying so, with
    # the families that receive nothing beside it; PKH's stays in families
    assert "Eksklusi (orang)" in page and "Eksklusi (keluarga)" in page
    persons, href = _figure(page, "exclusion-PBI-JKN")
    assert persons == len(excluded)
    families, _ = _figure(page, "exclusion-households-PBI-JKN")
    assert families == len(families_with_nobody)
    # and its list names those persons, one row each
    assert _listed(client, href, "persons") == len(excluded)
    assert f"{len(excluded)} orang" in client.get(href).content.decode()


def test_3_inclusion_and_unknown_recipients_are_separate_figures_with_matching_lists(
    world, people, login
):
    client = login(people.blitar_secretariat)
    page = client.get(reverse("programs:run-detail", args=[world.pk])).content.decode()

    for code, unit_list in [("PKH", "households"), ("PBI-JKN", "persons")]:
        # the decile 7+ figure in the program's unit, and the rows unknown to the registry
        inclusion, inclusion_href = _figure(page, f"inclusion-{code}")
        unknown, unknown_href = _figure(page, f"not-in-registry-{code}")
        assert inclusion == _total(
            world, code, "inclusion_errors" if unit_list == "households" else "inclusion_persons"
        )
        assert unknown == _total(world, code, "not_in_registry")
        # each list holds exactly the figure's rows
        assert _listed(client, inclusion_href, unit_list) == inclusion
        assert _listed(client, unknown_href, "recipients") == unknown
    assert _figure(page, "inclusion-PKH")[0] == 4 and _figure(page, "not-in-registry-PKH")[0] == 1


def test_3_a_list_drawn_later_still_matches_the_figure_of_its_run(world, people, login):
    # given a well-off PKH family whose decile is corrected after the run
    row = RunHouseholdProgram.objects.filter(
        run=world, program__code="PKH", receives=True, household__welfare_decile__gte=7
    ).first()
    Household.objects.filter(pk=row.household_id).update(welfare_decile=3)

    # then the inclusion list still shows the four families the figure counts
    url = reverse("programs:run-households", args=[world.pk]) + "?program=PKH&jenis=inclusion"
    listing = login(people.blitar_secretariat).get(url).content.decode()
    assert _list_rows(listing, "households") == _total(world, "PKH", "inclusion_errors") == 4


def test_4_the_generator_writes_nobody_born_on_or_after_the_day_of_its_file(tmp_path):
    # A batch file is dated by the day it is made (in Jakarta time, WIB); uploaded between
    # 00:00 and 07:00 WIB its upload is still the day before in UTC, so a birth on the
    # file's own day reads as after the upload date there. About 1 person in 6,000 was
    # drawn born on that day (202 at regency scale).
    day = date(2026, 12, 2)
    villages = [f"35.05.01.{2000 + i}" for i in range(1, 21)]
    synthetic_registry_write(
        path=tmp_path / "f.csv", villages=villages, households=20_000, seed=2026, today=day
    )

    with (tmp_path / "f.csv").open(encoding="utf-8") as handle:
        births = [date.fromisoformat(row["tanggal_lahir"]) for row in csv.DictReader(handle)]
    assert len(births) > 60_000
    assert max(births) < day


def test_5_one_person_earns_one_pkh_component(world, people, login, api):
    # given a poor person living alone who is both severely disabled and 60+
    elder = Person.objects.filter(
        status="living",
        disability="berat",
        household__welfare_decile__lte=4,
        household__member_count=1,
        birth_date__lte=years_before(DAY, 60),
    ).first()
    home = elder.household

    # then the run owes the family one component (the larger), not two
    row = RunHouseholdProgram.objects.get(run=world, program__code="PKH", household=home)
    assert row.entitlement == 2_400_000
    # and the household page and the eligibility API count the same way
    page = login(people.blitar_secretariat).get(reverse("households:detail", args=[home.pk]))
    cell = page.content.decode().split('data-program="PKH">')[1].split("</td>")[0]
    assert cell == "Rp\u00a02.400.000"
    response = api(people.bpjs_blitar_key).post(
        reverse("api-program-eligibility"), {"nik": elder.nik}, format="json"
    )
    pkh = next(p for p in response.json()["programs"] if p["program"] == "PKH")
    assert pkh["qualifies"] is True and pkh["entitlement"] == 2_400_000


def test_5_the_reading_is_a_program_setting_shown_on_the_program_page(world, people, login):
    pkh = Program.objects.get(code="PKH")
    assert pkh.max_components_per_person == 1
    page = login(people.blitar_secretariat).get(reverse("programs:detail", args=["PKH"]))
    limits = page.content.decode().split('data-testid="component-limits">')[1].split("</p>")[0]
    assert "Setiap orang paling banyak 1 komponen" in limits
    assert "Paling banyak 4 komponen per keluarga" in limits

    # when a region reads the cap as four components, whoever earns them
    Program.objects.filter(pk=pkh.pk).update(max_components_per_person=None)
    run = targeting_run_execute(run_id=world.pk)

    # then every component a person meets counts, within the family's four
    elder = Person.objects.filter(
        disability="berat", household__member_count=1, birth_date__lte=years_before(DAY, 60)
    ).first()
    row = RunHouseholdProgram.objects.get(run=run, program=pkh, household=elder.household)
    assert row.entitlement == 4_800_000


def test_5_the_household_page_counts_as_the_run_does(world):
    for code in ["PKH", "PBI-JKN", "PIP", "BPNT"]:
        rows = RunHouseholdProgram.objects.filter(run=world, program__code=code, eligible=True)
        assert rows.exists()
        for row in rows.select_related("household")[:40]:
            found = household_programs(household=row.household, day=DAY)
            mine = next(p for p in found if p.program.code == code)
            assert mine.qualifies
            assert (mine.persons, mine.entitlement) == (row.eligible_persons, row.entitlement)


def test_2_the_comparison_of_two_runs_counts_each_program_in_its_unit(world, people, login):
    # given an earlier run of the same day made before these rules (no person figures)
    earlier = TargetingRun.objects.create(
        region_id="35.05", reference_date=DAY, created_by=people.blitar_secretariat
    )
    targeting_run_execute(run_id=earlier.pk)
    TargetingRun.objects.filter(pk=earlier.pk).update(rules_version=1)

    url = reverse("programs:run-compare") + f"?a={earlier.pk}&b={world.pk}"
    body = login(people.blitar_secretariat).get(url).content.decode()

    pbi = body.split("<h2>PBI-JKN</h2>")[1].split("</section>")[0]
    pkh = body.split("<h2>PKH</h2>")[1].split("</section>")[0]
    assert "Eksklusi (orang)" in pbi and "Eksklusi (keluarga)" not in pbi
    assert "Eksklusi (keluarga)" in pkh
    assert "aturan lama" in body  # the earlier run's figures follow other rules
