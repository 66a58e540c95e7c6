from __future__ import annotations

from datetime import date

import pytest

from programs.models import Program, ProgramPeriod, Recipient
from tests.browser.test_shell import log_in
from tests.personas import cast
from tests.programs.recipientfiles import list_bytes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_operator_takes_a_decree_list_from_upload_to_the_recipient_list(
    page, live_server, regions, catalogue, tmp_path
):
    cast()
    ProgramPeriod.objects.create(
        program=Program.objects.get(code="PKH"),
        name="2026",
        starts_on=date(2026, 1, 1),
        ends_on=date(2026, 12, 31),
    )
    decree = tmp_path / "sk-pkh-blitar.csv"
    decree.write_bytes(
        list_bytes(
            [
                {"nik": "3505011203857777", "nama": "Warga Baru", "kode_desa": "35.05.01.2001"},
                {"nik": "3505011203857777", "nama": "Warga Baru lagi"},
                {"nik": "35050112", "nama": "Nomor Pendek"},
            ]
        )
    )

    log_in(page, live_server, "dinsos.blitar")
    page.wait_for_selector("text=Selamat datang")
    page.goto(f"{live_server.url}/program/PKH/penerima/daftar/unggah/")
    page.get_by_label("Periode").select_option(label="2026 (01/01/2026 – 31/12/2026)")
    page.get_by_label("Berkas daftar penerima (CSV atau XLSX)").set_input_files(str(decree))
    page.get_by_role("button", name="Unggah dan validasi").click()

    page.wait_for_selector("[data-testid=batch-counts]", timeout=20000)
    counts = page.locator("[data-testid=batch-counts]").inner_text()
    assert "1\nbaru" in counts and "2\nditolak" in counts and "1\ntidak ada di registri" in counts
    assert "Baris ganda: penerima yang sama sudah ada di baris 2" in page.content()
    assert "3505011203857777" not in page.content()

    page.get_by_role("button", name="Sahkan daftar").click()
    # The list's page follows the commit and reloads itself once it is done.
    page.wait_for_selector("[data-testid=batch-state]:has-text('Disahkan')", timeout=20000)
    assert Recipient.objects.get().name == "Warga Baru"

    page.goto(f"{live_server.url}/program/PKH/penerima/")
    assert page.get_by_text("Warga Baru").is_visible()
    assert "3505************" in page.content()
    page.get_by_role("link", name="3505************").click()
    assert page.get_by_text("Masuk dari daftar SK").is_visible()
