"""The public village page: anyone reads a village's proposals of a year and their fate,
without logging in and without personal data."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from musrenbang.models import Proposal
from musrenbang.services import planning_year_create, proposal_create, proposal_reject
from musrenbang.services.review import (
    FateInput,
    ReviewInput,
    proposal_fate_record,
    proposal_review_record,
)
from tests.musrenbang.conftest import OTHER_WONODADI_VILLAGE, proposal_input
from tests.personas import BLITAR, JATEN, person
from tkpk.models import Agency
from tkpk.roles import Role


def test_anyone_reads_a_villages_proposals_and_their_fate(people, year, propose):
    dinkes = Agency.objects.create(
        code="dinkes", name="Dinas Kesehatan", kind="opd", region_id=BLITAR
    )
    officer = person("opd.dinkes", Role.AGENCY_OFFICER, BLITAR, agency=dinkes)
    funded = propose(
        title="Posyandu keliling", agency_id=dinkes.pk, problem="Ibu Sumiati tidak mampu"
    )
    refused = propose(title="Gapura desa")
    propose(title="Belum diputuskan")
    propose(
        title="Usulan desa tetangga",
        village_code=OTHER_WONODADI_VILLAGE,
        user=people.blitar_secretariat,
    )
    Proposal.objects.filter(pk=funded.pk).update(status="accepted")
    proposal_review_record(
        user=officer,
        proposal=funded,
        data=ReviewInput(decision="accepted", program="P", activity="K"),
    )
    proposal_fate_record(
        user=officer, proposal=funded, data=FateInput(fate="funded", amount="12.500.000")
    )
    proposal_reject(
        user=people.blitar_secretariat, proposal=refused, reason="Bukan prioritas kemiskinan"
    )

    response = Client().get(reverse("musrenbang:public-village", args=[JATEN]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Jaten" in page and "RKPD 2027" in page
    assert "Posyandu keliling" in page and "Didanai dalam anggaran" in page
    assert "Rp\u00a012.500.000" in page and "Dinas Kesehatan" in page
    assert "Gapura desa" in page and "Bukan prioritas kemiskinan" in page
    assert "Diusulkan, belum diputuskan" in page
    assert "Usulan desa tetangga" not in page
    # No personal data: neither who entered the proposals nor the problem texts.
    assert "operator.jaten" not in page and "Sumiati" not in page
    assert "sekretariat.blitar" not in page and "opd.dinkes" not in page


def test_a_year_is_chosen_and_bad_input_is_told_plainly(people, year, propose):
    propose(title="Usulan 2027")
    earlier = planning_year_create(user=people.blitar_secretariat, region_code=BLITAR, year=2026)
    proposal_create(
        user=people.jaten_village_operator,
        planning_year=earlier,
        data=proposal_input(title="Usulan 2026"),
    )
    client = Client()
    url = reverse("musrenbang:public-village", args=[JATEN])
    latest = client.get(url).content.decode()
    assert "Usulan 2027" in latest and "Usulan 2026" not in latest
    older = client.get(url, {"tahun": "2026"}).content.decode()
    assert "Usulan 2026" in older and "Usulan 2027" not in older
    none = client.get(url, {"tahun": "2030"}).content.decode()
    assert "Tidak ada usulan desa ini pada tahun tersebut." in none
    bad = client.get(url, {"tahun": "dua ribu"})
    assert bad.status_code == 400
    assert "Tahun ditulis dengan angka" in bad.content.decode()
    assert client.get(reverse("musrenbang:public-village", args=["35.05.01"])).status_code == 404
    assert (
        client.get(reverse("musrenbang:public-village", args=["99.99.99.9999"])).status_code == 404
    )
