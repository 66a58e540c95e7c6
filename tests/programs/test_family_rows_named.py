"""A family program's list names a family by its KK; the pages that list such rows (the
targeting drill-down's recipient rows, the recipient list and a recipient's page) name the
family by its head in the registry."""

from __future__ import annotations

from django.urls import reverse

from programs.models import Recipient, RunRecipientIssue


def _family_row(world) -> tuple[Recipient, str]:
    """A PKH row matched to a family, listed with its KK only (as the demo's lists of family
    programs are: no NIK, no name)."""
    issue = (
        RunRecipientIssue.objects.filter(
            run=world, program__code="PKH", recipient__household__isnull=False
        )
        .select_related("recipient__household")
        .order_by("recipient_id")
        .first()
    )
    assert issue is not None
    recipient = issue.recipient
    Recipient.objects.filter(pk=recipient.pk).update(nik="", name="", person=None)
    head = recipient.household.members.filter(relation="kepala").order_by("status", "id").first()
    return recipient, head.name


def test_the_drill_down_names_a_family_row_by_its_head(world, people, login):
    # given a PKH recipient row that names its family by KK only
    recipient, head_name = _family_row(world)
    kind = RunRecipientIssue.objects.filter(run=world, recipient=recipient).first().kind
    url = reverse("programs:run-recipients", args=[world.pk]) + f"?program=PKH&jenis={kind}"

    # when the leader opens the recipient rows behind that number
    body = login(people.blitar_leader).get(url).content.decode()

    # then the row shows the head's name from the registry
    assert f'<span data-testid="head-name">{head_name}</span>' in body


def test_the_recipient_pages_name_a_family_row_by_its_head(world, people, login):
    recipient, head_name = _family_row(world)
    officer = login(people.blitar_agency_officer)

    detail = officer.get(reverse("recipients:detail", args=["PKH", recipient.pk]))
    assert detail.status_code == 200
    assert f'<span data-testid="head-name">{head_name}</span>' in detail.content.decode()

    listing = officer.get(
        reverse("recipients:list", args=["PKH"]) + f"?wilayah={recipient.region_id}"
    ).content.decode()
    assert head_name in listing


def test_a_listed_name_stays_the_name_shown(world, people, login):
    recipient, _head = _family_row(world)
    Recipient.objects.filter(pk=recipient.pk).update(name="NAMA DI DAFTAR SK")
    body = (
        login(people.blitar_agency_officer)
        .get(reverse("recipients:detail", args=["PKH", recipient.pk]))
        .content.decode()
    )
    assert "NAMA DI DAFTAR SK" in body
    assert 'data-testid="head-name"' not in body
