"""The LP2KD issue's "done when", in the browser: the secretariat makes the regency's LP2KD,
writes the narrative, generates the document and takes it through review; the TKPK chair
approves it, the regent signs it and downloads the approved PDF from the home page in two
clicks. Every page of that PDF is rendered to a picture in the test artifacts and looked at:
none is blank, the narrative and the registry's figures are in it."""

from __future__ import annotations

import io

import pypdfium2
import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from households.models import Household
from reports.models import Lp2kdVersion
from tests.browser.conftest import ARTIFACTS
from tests.browser.test_shell import log_in, open_module
from tests.personas import BLITAR, person
from tests.programs.conftest import period, registry  # noqa: F401 - fixtures
from tests.reports.conftest import programs_world, world  # noqa: F401 - fixtures
from tkpk.roles import Role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NARRATIVE = "Kemiskinan Kabupaten Blitar turun berkat kerja bersama perangkat daerah."


def _pages_rendered(pdf: bytes, folder_name: str) -> list[float]:
    """Each page as a PNG under test-artifacts/; returns each page's share of ink."""
    folder = ARTIFACTS / folder_name
    folder.mkdir(parents=True, exist_ok=True)
    document = pypdfium2.PdfDocument(pdf)
    inked = []
    for number, page in enumerate(document, start=1):
        image = page.render(scale=0.6).to_pil().convert("L")
        image.save(folder / f"halaman-{number:02d}.png")
        histogram = image.histogram()
        inked.append(1 - sum(histogram[245:]) / sum(histogram))
    return inked


# The catalogue first: a transactional test before this one may have emptied its tables.
@pytest.mark.usefixtures("catalogue", "world")
def test_secretariat_to_regent_the_lp2kd_goes_through_its_chain(browser, page, live_server):
    person("ketua.tkpk.blitar", Role.SECRETARIAT, BLITAR)

    # The secretariat makes the 2026 report and writes chapter I.
    log_in(page, live_server, "sekretariat.blitar")
    open_module(page, "Laporan", "LP2KD")
    page.get_by_label("Tahun laporan").fill("2026")
    page.get_by_role("button", name="Buat").click()
    expect(page.get_by_text("LP2KD dibuat dengan kerangka bab bawaan.")).to_be_visible()
    page.get_by_role("link", name="v1").click()
    page.locator("textarea[name=bab_I]").fill(NARRATIVE + "\n<script>alert(1)</script>")
    page.get_by_role("button", name="Simpan").click()
    expect(page.get_by_text("Narasi disimpan.")).to_be_visible()

    # It generates the document in the background and marks it reviewed.
    page.get_by_role("button", name="Buat dokumen (latar)").click()
    page.wait_for_selector("#job-status[data-state=succeeded]", timeout=120_000)
    version = Lp2kdVersion.objects.get(report__region_id=BLITAR, report__year=2026)
    page.goto(live_server.url + f"/laporan/versi/{version.pk}/")
    expect(page.get_by_role("link", name="Unduh PDF draf")).to_be_visible()
    page.get_by_role("button", name="Tandai sudah ditelaah").click()
    expect(page.locator(".state").first).to_have_text("Sudah ditelaah")

    # The TKPK chair approves it: the figures are frozen and the approved PDF made.
    chair = browser.new_context(locale="id-ID").new_page()
    log_in(chair, live_server, "ketua.tkpk.blitar")
    chair.goto(live_server.url + f"/laporan/versi/{version.pk}/")
    chair.get_by_role("button", name="Setujui atas nama Ketua TKPK").click()
    expect(chair.locator(".state").first).to_have_text("Disetujui Ketua TKPK")
    chair.context.close()

    # The regent signs it, then downloads it from the home page in two clicks.
    regent = browser.new_context(locale="id-ID").new_page()
    log_in(regent, live_server, "bupati.blitar")
    regent.goto(live_server.url + f"/laporan/versi/{version.pk}/")
    regent.get_by_role("button", name="Tanda tangani").click()
    expect(regent.locator(".state").first).to_have_text("Ditandatangani kepala daerah")
    regent.goto(live_server.url + "/")
    with regent.expect_download() as download:
        regent.get_by_role("link", name="Unduh LP2KD 2026 yang disetujui (PDF, versi 1)").click()
    pdf = open(download.value.path(), "rb").read()  # noqa: SIM115
    regent.context.close()

    version.refresh_from_db()
    assert version.state == "signed"
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert NARRATIVE in text
    assert "<script>alert(1)</script>" in text  # printed as text, never run
    households = Household.objects.filter(village__code__startswith=BLITAR + ".").count()
    assert f"{households:,}".replace(",", ".") in text
    inked = _pages_rendered(pdf, "lp2kd-disetujui")
    assert len(inked) == version.pdf_pages > 5
    blank = [number for number, share in enumerate(inked, start=1) if share < 0.005]
    assert blank == [], f"blank pages: {blank}"
