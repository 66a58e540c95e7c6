"""The agency (OPD) reviews the agreed proposals routed to it and records their fate; an
officer sees and writes only its own agency's, in its own region."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404
from django.urls import reverse

from musrenbang.models import Proposal, Stage
from musrenbang.services import district_ceiling_fill, district_ceiling_set
from musrenbang.services.review import (
    FateInput,
    ReviewInput,
    proposal_fate_record,
    proposal_review_record,
)
from tests.musrenbang.conftest import OTHER_WONODADI_VILLAGE, WONODADI
from tests.personas import BLITAR, JATEN, JEMBER, person
from tkpk.models import Agency, AuditAction, AuditEntry, Region
from tkpk.roles import Role


@pytest.fixture
def agencies(regions):
    return {
        "dinkes": Agency.objects.create(
            code="dinkes", name="Dinas Kesehatan", kind="opd", region_id=BLITAR
        ),
        "dinsos": Agency.objects.create(
            code="dinsos", name="Dinas Sosial", kind="opd", region_id=BLITAR
        ),
        "jember": Agency.objects.create(
            code="dinkes", name="Dinkes Jember", kind="opd", region_id=JEMBER
        ),
    }


@pytest.fixture
def officers(people, agencies):
    return {
        "dinkes": person("opd.dinkes", Role.AGENCY_OFFICER, BLITAR, agency=agencies["dinkes"]),
        "dinsos": person("opd.dinsos", Role.AGENCY_OFFICER, BLITAR, agency=agencies["dinsos"]),
        # Dinkes, but only for another district of the regency.
        "dinkes_kanigoro": person(
            "opd.dinkes.kec", Role.AGENCY_OFFICER, "35.05.02", agency=agencies["dinkes"]
        ),
        "jember": person("opd.jember", Role.AGENCY_OFFICER, JEMBER, agency=agencies["jember"]),
    }


def _proposal(year, agency, *, title="Posyandu keliling", village=JATEN, cost=20_000_000):
    return Proposal.objects.create(
        planning_year=year,
        stage=year.stages.get(kind=Stage.Kind.MUSDES),
        village_id=village,
        title=title,
        problem="Balita desil 1 jarang ditimbang.",
        is_physical=False,
        field_of_affairs="health",
        volume=Decimal(12),
        unit="kali",
        estimated_cost=cost,
        beneficiaries=80,
        beneficiary_kind="person",
        score=Decimal("4.2"),
        agency=agency,
    )


@pytest.fixture
def agreed(people, year, agencies):
    """Two proposals for Dinkes agreed by the Wonodadi forum, one for Dinsos left as a reserve."""
    rows = {
        "posyandu": _proposal(year, agencies["dinkes"]),
        "sanitasi": _proposal(year, agencies["dinkes"], title="Jamban sehat", cost=30_000_000),
        "reserve": _proposal(
            year,
            agencies["dinsos"],
            title="Bedah rumah",
            village=OTHER_WONODADI_VILLAGE,
            cost=90_000_000,
        ),
    }
    wonodadi = Region.objects.get(code=WONODADI)
    district_ceiling_set(
        user=people.blitar_secretariat, planning_year=year, district=wonodadi, amount="60.000.000"
    )
    district_ceiling_fill(user=people.blitar_secretariat, planning_year=year, district=wonodadi)
    for p in rows.values():
        p.refresh_from_db()
    assert [p.status for p in rows.values()] == ["accepted", "accepted", "reserve"]
    return rows


def test_an_officer_takes_a_proposal_into_the_renja_and_records_it_funded(officers, agreed, login):
    client = login(officers["dinkes"])
    p = agreed["posyandu"]
    listing = client.get(reverse("musrenbang:agency-list"))
    assert listing.status_code == 200
    body = listing.content.decode()
    assert "Posyandu keliling" in body and "Jamban sehat" in body
    assert "Bedah rumah" not in body  # Dinsos's

    response = client.post(
        reverse("musrenbang:agency-review", args=[p.pk]),
        {
            "decision": "accepted",
            "program": "Program Pemenuhan Upaya Kesehatan",
            "activity": "Penyediaan layanan kesehatan ibu dan anak",
            "cost": "18.500.000",
        },
    )
    assert response.status_code == 302
    response = client.post(
        reverse("musrenbang:agency-fate", args=[p.pk]),
        {"fate": "funded", "amount": "17.000.000,00"},
    )
    assert response.status_code == 302
    p.refresh_from_db()
    assert (p.review, p.reviewed_cost, p.fate, p.fate_amount) == (
        "accepted",
        18_500_000,
        "funded",
        17_000_000,
    )
    page = client.get(reverse("musrenbang:agency-proposal", args=[p.pk])).content.decode()
    assert "Diterima ke Renja" in page and "Didanai" in page and "17.000.000" in page
    actions = list(AuditEntry.objects.filter(object_id=str(p.pk)).values_list("action", flat=True))
    assert AuditAction.MUSRENBANG_PROPOSAL_REVIEWED in actions
    assert AuditAction.MUSRENBANG_PROPOSAL_FATE in actions


def test_the_secretariat_and_the_village_read_the_agencys_outcome(people, officers, agreed, login):
    p = agreed["sanitasi"]
    proposal_review_record(
        user=officers["dinkes"],
        proposal=p,
        data=ReviewInput(decision="deferred", reason="Menunggu DAK tahun depan."),
    )
    for user in (people.blitar_secretariat, people.jaten_village_operator):
        page = login(user).get(reverse("musrenbang:proposal-detail", args=[p.pk])).content.decode()
        assert "Ditunda" in page and "Menunggu DAK tahun depan." in page


@pytest.mark.parametrize(
    ("payload", "field", "message"),
    [
        ({}, "decision", "Pilih hasil telaah"),
        ({"decision": "rejected"}, "reason", "Alasan wajib diisi"),
        ({"decision": "deferred", "reason": "  "}, "reason", "Alasan wajib diisi"),
        ({"decision": "accepted", "activity": "Kegiatan"}, "program", "Program Renja wajib"),
        ({"decision": "accepted", "program": "Program"}, "activity", "Kegiatan Renja wajib"),
        (
            {"decision": "accepted", "program": "P", "activity": "K", "cost": "1,5 juta"},
            "cost",
            "bukan angka rupiah",
        ),
        (
            {"decision": "accepted", "program": "P", "activity": "K", "cost": "-5.000"},
            "cost",
            "tidak boleh negatif",
        ),
        ({"decision": "accepted", "program": "P", "activity": "K", "cost": "0"}, "cost", "nol"),
    ],
)
def test_a_bad_review_names_the_field_and_writes_nothing(
    officers, agreed, login, payload, field, message
):
    p = agreed["posyandu"]
    response = login(officers["dinkes"]).post(
        reverse("musrenbang:agency-review", args=[p.pk]), payload
    )
    assert response.status_code == 400
    form = response.context["review_form"]
    assert any(message in e for e in form.errors[field]), form.errors
    p.refresh_from_db()
    assert p.review == "" and p.reviewed_by is None


@pytest.mark.parametrize(
    ("payload", "field", "message"),
    [
        ({}, "fate", "Pilih nasib usulan"),
        ({"fate": "funded"}, "amount", "Anggaran wajib diisi"),
        ({"fate": "funded", "amount": "banyak"}, "amount", "bukan angka rupiah"),
        ({"fate": "not_funded"}, "reason", "Alasan wajib diisi"),
    ],
)
def test_a_bad_fate_names_the_field_and_writes_nothing(
    officers, agreed, login, payload, field, message
):
    p = agreed["posyandu"]
    proposal_review_record(
        user=officers["dinkes"],
        proposal=p,
        data=ReviewInput(decision="accepted", program="P", activity="K"),
    )
    response = login(officers["dinkes"]).post(
        reverse("musrenbang:agency-fate", args=[p.pk]), payload
    )
    assert response.status_code == 400
    assert any(message in e for e in response.context["fate_form"].errors[field])
    p.refresh_from_db()
    assert p.fate == "" and p.fate_amount is None


def test_only_agreed_proposals_are_reviewed_and_only_renja_ones_get_a_fate(officers, agreed):
    dinsos = officers["dinsos"]
    with pytest.raises(ValidationError) as caught:
        proposal_review_record(
            user=dinsos,
            proposal=agreed["reserve"],
            data=ReviewInput(decision="accepted", program="P", activity="K"),
        )
    assert "disepakati Musrenbang" in str(caught.value)
    p = agreed["posyandu"]
    proposal_review_record(
        user=officers["dinkes"],
        proposal=p,
        data=ReviewInput(decision="rejected", reason="Bukan tugas kami"),
    )
    with pytest.raises(ValidationError) as caught:
        proposal_fate_record(
            user=officers["dinkes"], proposal=p, data=FateInput(fate="funded", amount="1.000")
        )
    assert "diterima ke Renja" in str(caught.value)


def test_a_funded_proposal_can_no_longer_be_refused(officers, agreed):
    p = agreed["posyandu"]
    officer = officers["dinkes"]
    proposal_review_record(
        user=officer, proposal=p, data=ReviewInput(decision="accepted", program="P", activity="K")
    )
    proposal_fate_record(
        user=officer, proposal=p, data=FateInput(fate="funded", amount="5.000.000")
    )
    with pytest.raises(ValidationError):
        proposal_review_record(
            user=officer, proposal=p, data=ReviewInput(decision="rejected", reason="Batal")
        )
    p.refresh_from_db()
    assert (p.review, p.fate) == ("accepted", "funded")


@pytest.mark.parametrize("who", ["dinsos", "dinkes_kanigoro", "jember"])
def test_another_agency_or_region_reads_not_found_and_changes_nothing(officers, agreed, login, who):
    p = agreed["posyandu"]
    client = login(officers[who])
    urls = [
        reverse("musrenbang:agency-proposal", args=[p.pk]),
        reverse("musrenbang:agency-review", args=[p.pk]),
        reverse("musrenbang:agency-fate", args=[p.pk]),
    ]
    missing = reverse("musrenbang:agency-proposal", args=[987654])
    assert client.get(urls[0]).status_code == client.get(missing).status_code == 404
    for url in urls[1:]:
        response = client.post(url, {"decision": "accepted", "program": "P", "activity": "K"})
        assert response.status_code == 404
        assert "Posyandu" not in response.content.decode()
    assert "Posyandu keliling" not in client.get(reverse("musrenbang:agency-list")).content.decode()
    with pytest.raises(Http404):
        proposal_review_record(
            user=officers[who], proposal=p, data=ReviewInput(decision="rejected", reason="x")
        )
    p.refresh_from_db()
    assert p.review == ""


def test_a_proposal_routed_elsewhere_after_the_page_opened_is_refused(officers, agreed, agencies):
    p = agreed["posyandu"]
    Proposal.objects.filter(pk=p.pk).update(agency=agencies["dinsos"])
    # ``p`` still names Dinkes, as a page opened before the change would.
    with pytest.raises(Http404):
        proposal_review_record(
            user=officers["dinkes"],
            proposal=p,
            data=ReviewInput(decision="accepted", program="P", activity="K"),
        )
    assert Proposal.objects.get(pk=p.pk).review == ""


def test_roles_without_an_agency_review_nothing(people, agreed, login):
    # The secretariat manages the Musrenbang but does not speak for an agency.
    assert (
        login(people.blitar_secretariat).get(reverse("musrenbang:agency-list")).status_code == 403
    )
    response = login(people.blitar_agency_officer).get(reverse("musrenbang:agency-list"))
    assert response.status_code == 200
    assert "belum menyebut perangkat daerah" in response.content.decode()
    assert "Posyandu" not in response.content.decode()


def test_the_inbox_filters_by_state_and_refuses_a_bad_filter(officers, agreed, login):
    officer = officers["dinkes"]
    proposal_review_record(
        user=officer,
        proposal=agreed["sanitasi"],
        data=ReviewInput(decision="deferred", reason="Tahun depan"),
    )
    client = login(officer)
    url = reverse("musrenbang:agency-list")
    to_review = client.get(url, {"keadaan": "to_review"}).content.decode()
    assert "Posyandu keliling" in to_review and "Jamban sehat" not in to_review
    deferred = client.get(url, {"keadaan": "deferred"}).content.decode()
    assert "Jamban sehat" in deferred and "Posyandu keliling" not in deferred
    bad = client.get(url, {"keadaan": "semua", "tahun": "dua"})
    assert bad.status_code == 400
    assert set(bad.context["form"].errors) == {"keadaan", "tahun"}


def test_the_database_refuses_an_inconsistent_fate(agreed):
    p = agreed["posyandu"]
    for values in (
        {"fate": "funded", "fate_amount": 1000},  # not in the Renja
        {"review": "rejected"},  # no reason
        {"review": "accepted"},  # no program
    ):
        with pytest.raises(IntegrityError), transaction.atomic():
            Proposal.objects.filter(pk=p.pk).update(**values)
    Proposal.objects.filter(pk=p.pk).update(
        review="accepted", renja_program="P", renja_activity="K"
    )
    for values in (
        {"fate": "funded"},  # no amount
        {"fate": "not_funded"},  # no reason
        {"fate": "funded", "fate_amount": 0},
    ):
        with pytest.raises(IntegrityError), transaction.atomic():
            Proposal.objects.filter(pk=p.pk).update(**values)


def test_a_reviewed_proposal_is_not_routed_to_another_agency(people, officers, agreed, agencies):
    from musrenbang.services import proposal_update
    from tests.musrenbang.conftest import proposal_input

    p = agreed["posyandu"]
    proposal_review_record(
        user=officers["dinkes"], proposal=p, data=ReviewInput(decision="deferred", reason="Nanti")
    )
    p.refresh_from_db()
    data = proposal_input(
        title=p.title,
        problem=p.problem,
        field_of_affairs=p.field_of_affairs,
        volume=p.volume,
        unit=p.unit,
        estimated_cost=p.estimated_cost,
        beneficiaries=p.beneficiaries,
        beneficiary_kind=p.beneficiary_kind,
        rt="",
        rw="",
        agency_id=agencies["dinsos"].pk,
    )
    with pytest.raises(ValidationError) as caught:
        proposal_update(user=people.blitar_secretariat, proposal=p, data=data)
    assert "sudah ditelaah" in str(caught.value.message_dict["agency_id"])
    assert Proposal.objects.get(pk=p.pk).agency_id == agencies["dinkes"].pk
