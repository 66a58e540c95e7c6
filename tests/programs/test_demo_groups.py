"""`make demo` loads KUBE groups with members, repayments, field visits and the period's
disbursement plan, made through the same services an operator's clicks use, the same for
one seed, and visible on the pages."""

from __future__ import annotations

from django.core.management import call_command
from django.urls import reverse

from programs.models import Disbursement, Group, GroupVisit


def _generate(people) -> None:
    call_command(
        "generate_groups",
        regency="35.05",
        seed=2026,
        per_district=1,
        username=people.blitar_social_operator.username,
        planner=people.blitar_secretariat.username,
        stdout=None,
    )


def _groups() -> list[tuple[str, str, list[str]]]:
    return [
        (g.village_id, g.name, sorted(g.members.values_list("person__nik", flat=True)))
        for g in Group.objects.filter(program__code="KUBE").order_by("village_id", "name")
    ]


def test_the_demo_groups_have_members_visits_and_plans_on_their_pages(
    people, catalogue, login, settings, tmp_path
):
    # given the demo's registry, smaller
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    call_command("generate_registry", regency="35.05", households=600, seed=2026, stdout=None)

    # when the demo's groups are generated
    _generate(people)

    # then there are KUBE groups of 5-10 members, with visits, and loans with a schedule
    groups = Group.objects.filter(program__code="KUBE")
    assert groups.count() >= 5
    assert all(5 <= g.members.count() <= 10 for g in groups)
    assert GroupVisit.objects.filter(group__in=groups).exists()
    with_loan = groups.filter(loan_amount__gt=0).first()
    assert with_loan is not None and with_loan.repayments.exists()
    # ... a disbursement plan per district with groups, two stages each
    plans = Disbursement.objects.filter(period__program__code="KUBE")
    assert plans.count() == 2 * groups.values("village_id").count()
    assert set(plans.values_list("stage", flat=True)) == {"Tahap 1", "Tahap 2"}

    # ... visible on the group page: its visit notes and its repayment schedule
    visit = GroupVisit.objects.filter(group=with_loan).first() or GroupVisit.objects.first()
    operator = login(people.blitar_social_operator)
    page = operator.get(reverse("groups:detail", args=[visit.group_id]))
    assert page.status_code == 200
    assert visit.notes in page.content.decode()
    loan_page = operator.get(reverse("groups:detail", args=[with_loan.pk])).content.decode()
    first = with_loan.repayments.order_by("number").first()
    assert f"{first.due_on.day} " in loan_page
    # ... and the plan on the period's disbursement page
    period = plans.first().period
    body = (
        login(people.blitar_secretariat)
        .get(reverse("disbursements:period", args=[period.pk]))
        .content.decode()
    )
    assert "Tahap 1" in body and "Tahap 2" in body


def test_a_rerun_adds_nothing_and_one_seed_gives_the_same_groups(
    people, catalogue, settings, tmp_path
):
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    call_command("generate_registry", regency="35.05", households=600, seed=2026, stdout=None)
    _generate(people)
    first = _groups()
    visits = GroupVisit.objects.count()
    plans = Disbursement.objects.count()

    _generate(people)

    assert _groups() == first
    assert (GroupVisit.objects.count(), Disbursement.objects.count()) == (visits, plans)

    # the same seed on the same registry draws the same groups again
    Disbursement.objects.all().delete()
    Group.objects.all().delete()
    _generate(people)
    assert _groups() == first
