"""The secretariat routes a year's unrouted proposals to agencies by field of affairs."""

from __future__ import annotations

from django.urls import reverse

from musrenbang.models import Proposal
from musrenbang.services import planning_year_create
from tests.personas import BLITAR, JEMBER
from tkpk.models import Agency


def test_unrouted_proposals_go_to_the_agency_of_their_field(people, year, propose, login):
    dinkes = Agency.objects.create(
        code="dinkes", name="Dinas Kesehatan", kind="opd", region_id=BLITAR
    )
    dinsos = Agency.objects.create(code="dinsos", name="Dinas Sosial", kind="opd", region_id=BLITAR)
    posyandu = propose(title="Posyandu", field_of_affairs="health")
    kept = propose(title="Puskesmas keliling", field_of_affairs="health", agency_id=dinsos.pk)
    road = propose(title="Jalan", field_of_affairs="public_works")
    client = login(people.blitar_secretariat)
    url = reverse("musrenbang:routing", args=[year.pk])
    page = client.get(url)
    assert page.status_code == 200 and "Dinas Kesehatan" in page.content.decode()
    response = client.post(url, {"health": dinkes.pk})
    assert response.status_code == 302
    assert "1 usulan ditujukan" in client.get(url).content.decode()
    agencies = dict(Proposal.objects.values_list("pk", "agency_id"))
    assert agencies == {posyandu.pk: dinkes.pk, kept.pk: dinsos.pk, road.pk: None}


def test_another_regencys_agency_or_year_reads_not_found(people, year, propose, login):
    propose(title="Posyandu", field_of_affairs="health")
    jember_agency = Agency.objects.create(
        code="dinkes", name="Dinkes Jember", kind="opd", region_id=JEMBER
    )
    jember_year = planning_year_create(
        user=people.jember_secretariat, region_code=JEMBER, year=2027
    )
    client = login(people.blitar_secretariat)
    response = client.post(
        reverse("musrenbang:routing", args=[year.pk]), {"health": jember_agency.pk}
    )
    assert response.status_code == 400
    assert response.context["form"].errors["health"]  # not a choice of this regency
    assert "Dinkes Jember" not in response.content.decode()
    assert not Proposal.objects.filter(agency__isnull=False).exists()
    assert client.get(reverse("musrenbang:routing", args=[jember_year.pk])).status_code == 404
    village = login(people.jaten_village_operator)
    assert village.post(reverse("musrenbang:routing", args=[year.pk]), {}).status_code == 403


def test_the_service_refuses_what_the_form_cannot_offer(people, year, propose):
    import pytest
    from django.core.exceptions import ValidationError

    from musrenbang.services.routing import proposals_route_by_field

    jember_agency = Agency.objects.create(
        code="x", name="Dinkes Jember", kind="opd", region_id=JEMBER
    )
    propose(title="Posyandu", field_of_affairs="health")
    with pytest.raises(ValidationError) as caught:
        proposals_route_by_field(
            user=people.blitar_secretariat,
            planning_year=year,
            routes={"health": jember_agency.pk, "astrology": jember_agency.pk},
        )
    assert caught.value.message_dict == {
        "health": ["Perangkat daerah tidak ditemukan."],
        "astrology": ["Bidang urusan tidak dikenal."],
    }
    assert not Proposal.objects.filter(agency__isnull=False).exists()
