from __future__ import annotations

import pytest

from households.models import Household
from tests.browser.test_shell import log_in, open_module
from tests.households.batchfiles import csv_bytes, family, member
from tests.personas import cast

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_operator_takes_a_batch_from_upload_to_the_household_history(
    page, live_server, regions, tmp_path
):
    cast()
    good = family()
    broken = member(no_kk="3505010101200002", nik="3505011203850099", tanggal_lahir="31-02-1985")
    batch_file = tmp_path / "verivali-jaten.csv"
    batch_file.write_bytes(csv_bytes([*good, broken]))
    minutes = tmp_path / "berita-acara.pdf"
    minutes.write_bytes(b"%PDF-1.4 berita acara Musdes Jaten")

    log_in(page, live_server, "dinsos.blitar")
    page.wait_for_selector("text=Selamat datang")
    open_module(page, "Registri", "Batch verifikasi")
    page.get_by_role("link", name="Unggah batch").click()
    page.get_by_label("Berkas batch (CSV atau XLSX)").set_input_files(str(batch_file))
    page.get_by_role("button", name="Unggah dan validasi").click()

    page.wait_for_selector("[data-testid=batch-counts]", timeout=20000)
    counts = page.locator("[data-testid=batch-counts]").inner_text()
    assert "3\nbaru" in counts and "1\nditolak" in counts
    assert "bukan tanggal yang dikenali" in page.content()
    assert page.get_by_role("link", name="Unduh baris yang ditolak").first.is_visible()

    page.get_by_label("Berita acara Musdes/Muskel").set_input_files(str(minutes))
    page.get_by_role("button", name="Lampirkan berita acara").click()
    page.wait_for_selector("text=Berita acara terlampir")
    page.get_by_role("button", name="Sahkan batch").click()
    # The commit runs in the background; the batch's own page follows it and then says
    # what changed, with the way back.
    page.wait_for_selector("[data-testid=batch-committed]", timeout=20000)
    committed = page.get_by_test_id("batch-committed").inner_text()
    assert "telah disahkan" in committed and "3 baris baru" in committed
    assert "1 baris ditolak" in committed
    page.get_by_role("link", name="Kembali ke daftar batch").click()
    page.wait_for_url("**/registri/batch/")

    household = Household.objects.get(kk="3505010101200001")
    assert not Household.objects.filter(kk="3505010101200002").exists()
    page.goto(f"{live_server.url}/registri/rumah-tangga/{household.pk}/")
    assert page.get_by_text("Rumah tangga didaftarkan").is_visible()
    assert page.get_by_text("Siti Aminah").is_visible()
    assert "3505************" in page.content()
