"""Lists that name families link to a family's page only for users that page would let in:
the leader reads the targeting drill-down by name, without links that answer 403."""

from __future__ import annotations

import re

from django.urls import reverse

from programs.models import Recipient, RunHouseholdProgram, RunPersonProgram, RunRecipientIssue

HOUSEHOLD_LINK = re.compile(r'href="(/registri/rumah-tangga/\d+/)"')


def _drill_down(run) -> str:
    return reverse("programs:run-households", args=[run.pk]) + "?program=PKH&jenis=exclusion"


def _head_names(run) -> list[str]:
    rows = RunHouseholdProgram.objects.filter(
        run=run, program__code="PKH", eligible=True, receives=False
    ).order_by("household_id")[:3]
    return [
        r.household.members.filter(relation="kepala").order_by("status", "id").first().name
        for r in rows
    ]


def test_the_leader_sees_the_families_by_name_without_links_that_would_refuse(world, people, login):
    # given the Blitar leader, who reads targeting results but not the registry
    leader = login(people.blitar_leader)

    # when the leader opens the households behind the PKH exclusion number
    response = leader.get(_drill_down(world))

    # then the names are there and no link leads to a household page
    assert response.status_code == 200
    body = response.content.decode()
    assert all(name in body for name in _head_names(world))
    assert HOUSEHOLD_LINK.findall(body) == []
    # ... which is right: such a page refuses the leader
    household = RunHouseholdProgram.objects.filter(run=world).first().household_id
    assert leader.get(reverse("households:detail", args=[household])).status_code == 403


def test_the_secretariat_gets_links_that_open(world, people, login):
    secretariat = login(people.blitar_secretariat)
    body = secretariat.get(_drill_down(world)).content.decode()
    links = HOUSEHOLD_LINK.findall(body)
    assert links and all(name in body for name in _head_names(world))
    for link in links[:3]:
        assert secretariat.get(link).status_code == 200


def test_recipient_lists_link_to_the_registry_only_for_registry_users(world, people, login):
    issue = RunRecipientIssue.objects.filter(
        run=world, program__code="PKH", recipient__household__isnull=False
    ).first()
    url = reverse("programs:run-recipients", args=[world.pk]) + f"?program=PKH&jenis={issue.kind}"
    assert HOUSEHOLD_LINK.findall(login(people.blitar_leader).get(url).content.decode()) == []
    assert HOUSEHOLD_LINK.findall(login(people.blitar_secretariat).get(url).content.decode())

    # An agency officer reads a recipient's page but not the registry.
    recipient = Recipient.objects.filter(
        household__isnull=False, period__program__code="PKH"
    ).first()
    page = reverse("recipients:detail", args=["PKH", recipient.pk])
    officer = login(people.blitar_agency_officer).get(page)
    assert officer.status_code == 200
    assert HOUSEHOLD_LINK.findall(officer.content.decode()) == []
    assert HOUSEHOLD_LINK.findall(login(people.blitar_secretariat).get(page).content.decode())


def test_the_persons_of_a_person_program_are_named_with_the_same_rule(world, people, login):
    url = reverse("programs:run-households", args=[world.pk]) + "?program=PBI-JKN&jenis=exclusion"
    excluded = RunPersonProgram.objects.filter(
        run=world, program__code="PBI-JKN", eligible=True, enrolled=False
    ).order_by("person_id")
    name = excluded.first().person.name

    leader = login(people.blitar_leader).get(url).content.decode()
    secretariat = login(people.blitar_secretariat).get(url).content.decode()

    assert name in leader and HOUSEHOLD_LINK.findall(leader) == []
    assert name in secretariat and HOUSEHOLD_LINK.findall(secretariat)
