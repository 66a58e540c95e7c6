from __future__ import annotations

import pytest

from households.models import Household
from households.synthetic import synthetic_registry_import
from programs.models import Program, ProgramPeriod
from programs.recipients import recipient_enrol
from tests.browser.test_shell import log_in, open_module
from tests.personas import cast

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_secretariat_adjusts_criteria_runs_targeting_and_drills_down(
    page, live_server, regions, catalogue, tmp_path
):
    people = cast()
    synthetic_registry_import(regency_code="35.05", households=200, seed=5, workdir=tmp_path)
    period = ProgramPeriod.objects.create(
        program=Program.objects.get(code="PKH"),
        name="2026",
        starts_on="2026-01-01",
        ends_on="2026-12-31",
    )
    for household in Household.objects.filter(welfare_decile__lte=4).order_by("id")[:5]:
        recipient_enrol(
            user=people.blitar_social_operator, period=period, nik=household.members.first().nik
        )

    log_in(page, live_server, "sekretariat.blitar")
    open_module(page, "Program", "Katalog program")
    page.get_by_role("link", name="PKH").click()
    page.get_by_role("link", name="Atur kriteria").click()
    count = page.get_by_test_id("live-count")
    before = count.inner_text()
    page.get_by_test_id("rule-0").get_by_placeholder("sampai").fill("2")
    page.get_by_test_id("rule-0").get_by_placeholder("sampai").press("Tab")
    page.wait_for_function(
        "(before) => document.querySelector('[data-testid=live-count]').innerText !== before",
        arg=before,
    )
    page.get_by_role("button", name="Simpan kriteria").click()
    page.wait_for_selector("text=Kriteria PKH disimpan")
    assert "Desil kesejahteraan 1–2" in page.get_by_test_id("criteria").inner_text()

    open_module(page, "Program", "Penargetan")
    page.get_by_role("button", name="Jalankan analisis").click()
    page.wait_for_selector("[data-testid=summary]", timeout=60000)
    assert page.get_by_test_id("overlap").is_visible()

    exclusion = page.get_by_test_id("exclusion-PKH")
    expected = int(exclusion.inner_text().replace(".", ""))
    assert expected > 0
    exclusion.click()
    rows = page.get_by_test_id("households").locator("tbody tr")
    assert rows.count() == min(expected, 50)
    assert "3505************" in page.content()

    page.get_by_role("button", name="Ekspor XLSX").click()
    page.wait_for_selector("#job-status[data-state=succeeded]", timeout=30000)
    with page.expect_download() as download:
        page.get_by_role("link", name="Unduh").first.click()
    assert download.value.suggested_filename.endswith(".xlsx")
