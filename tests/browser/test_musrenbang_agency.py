"""After the Musrenbang: the secretariat routes proposals to agencies, an agency officer
reviews one into its Renja and records it funded, the recap and T-D.4 export show it, and
the village's public page tells everyone."""

from __future__ import annotations

from decimal import Decimal

import pytest
from openpyxl import load_workbook

from musrenbang.models import Proposal, Stage
from musrenbang.services import district_ceiling_fill, district_ceiling_set, planning_year_create
from tests.browser.conftest import ARTIFACTS
from tests.browser.test_shell import log_in
from tests.personas import BLITAR, BLITAR_DISTRICT, JATEN, cast, person
from tkpk.models import Agency, Region
from tkpk.roles import Role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_agreed_proposal_is_routed_reviewed_funded_and_shown_to_the_village(
    page, live_server, regions, tmp_path
):
    people = cast()
    dinkes = Agency.objects.create(
        code="dinkes", name="Dinas Kesehatan", kind="opd", region_id=BLITAR
    )
    person("opd.dinkes", Role.AGENCY_OFFICER, BLITAR, agency=dinkes)
    year = planning_year_create(user=people.blitar_secretariat, region_code=BLITAR, year=2027)
    Proposal.objects.create(
        planning_year=year,
        stage=year.stages.get(kind=Stage.Kind.MUSDES),
        village_id=JATEN,
        title="Posyandu keliling",
        problem="Balita jarang ditimbang.",
        is_physical=False,
        field_of_affairs="health",
        volume=Decimal(12),
        unit="kali",
        estimated_cost=15_000_000,
        beneficiaries=80,
        beneficiary_kind="person",
        score=Decimal("4.1"),
    )
    district = Region.objects.get(code=BLITAR_DISTRICT)
    district_ceiling_set(
        user=people.blitar_secretariat, planning_year=year, district=district, amount="50.000.000"
    )
    district_ceiling_fill(user=people.blitar_secretariat, planning_year=year, district=district)

    # The secretariat sends the health proposals to Dinas Kesehatan.
    log_in(page, live_server, "sekretariat.blitar")
    page.wait_for_selector("text=Selamat datang")
    page.goto(f"{live_server.url}/musrenbang/tahun/{year.pk}/")
    page.get_by_role("link", name="Tujukan ke OPD").click()
    page.get_by_label("Kesehatan", exact=True).select_option(label="Dinas Kesehatan")
    page.get_by_role("button", name="Tujukan usulan").click()
    page.wait_for_selector("text=1 usulan ditujukan ke perangkat daerah.")
    page.context.clear_cookies()

    # The officer finds it in the module bar, reviews it and records the budget's answer.
    log_in(page, live_server, "opd.dinkes")
    page.locator("nav.modules").get_by_role("link", name="Telaah usulan OPD").click()
    page.get_by_role("link", name="Posyandu keliling").click()
    page.locator("select[name=decision]").select_option(label="Diterima ke Renja")
    page.get_by_role("button", name="Simpan telaah").click()
    page.wait_for_selector("text=Program Renja wajib diisi bila usulan diterima.")
    page.locator("input[name=program]").fill("Program Pemenuhan Upaya Kesehatan")
    page.locator("input[name=activity]").fill("Layanan kesehatan ibu dan anak")
    page.get_by_role("button", name="Simpan telaah").click()
    page.wait_for_selector("text=Hasil telaah OPD tersimpan.")
    page.locator("select[name=fate]").select_option(label="Didanai")
    page.locator("input[name=amount]").fill("12.500.000")
    page.get_by_role("button", name="Simpan nasib usulan").click()
    page.wait_for_selector("text=Nasib usulan dalam anggaran tersimpan.")
    page.screenshot(path=str(ARTIFACTS / "musrenbang-agency-proposal.png"), full_page=True)
    assert "Rp\u00a012.500.000" in page.locator("[data-testid=agency-outcome]").inner_text()
    page.context.clear_cookies()

    # The regency recap shows it, and table T-D.4 downloads with it.
    log_in(page, live_server, "sekretariat.blitar")
    page.wait_for_selector("text=Selamat datang")
    page.goto(f"{live_server.url}/musrenbang/tahun/{year.pk}/rekap/")
    page.screenshot(path=str(ARTIFACTS / "musrenbang-recap.png"), full_page=True)
    td4 = page.locator("[data-testid=recap-td4]").inner_text()
    assert "Posyandu keliling" in td4 and "Program Pemenuhan Upaya Kesehatan" in td4
    with page.expect_download() as download:
        page.get_by_role("link", name="Unduh T-D.4 (XLSX)").click()
    path = tmp_path / "td4.xlsx"
    download.value.save_as(path)
    rows = list(load_workbook(path)["T-D.4"].iter_rows(values_only=True))
    assert rows[2][4] == "Posyandu keliling" and rows[2][9] == "Dinas Kesehatan"
    page.context.clear_cookies()

    # Anyone reads what became of the village's proposal.
    page.goto(f"{live_server.url}/musrenbang/desa/{JATEN}/")
    public = page.locator("[data-testid=public-proposals]").inner_text()
    assert "Posyandu keliling" in public and "Didanai dalam anggaran" in public
    assert "Rp\u00a012.500.000" in public
