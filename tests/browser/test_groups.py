from __future__ import annotations

import pytest

from programs.models import Group
from tests.browser.test_shell import log_in, open_module
from tests.personas import JATEN, cast
from tests.programs.groupdata import jpeg, resident

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_operator_creates_a_kube_group_records_a_visit_and_sees_the_flags(
    page, live_server, regions, catalogue, tmp_path
):
    cast()
    a, b = resident(JATEN, name="Sutrisno"), resident(JATEN, name="Paijo")
    exe = tmp_path / "kambing.jpg"
    exe.write_bytes(b"MZ\x90\x00" + b"\x00" * 100)
    photo = tmp_path / "kandang.jpg"
    photo.write_bytes(jpeg())

    log_in(page, live_server, "dinsos.blitar")
    page.wait_for_selector("text=Selamat datang")
    open_module(page, "Program", "Kelompok usaha")
    page.get_by_role("link", name="Kelompok baru").click()
    page.get_by_label("Program").select_option(label="KUBE – Kelompok Usaha Bersama")
    page.get_by_label("Desa/kelurahan").select_option(value=JATEN)
    page.get_by_label("Nama kelompok").fill("KUBE Sido Rukun")
    page.get_by_label("Jenis usaha").fill("Ternak kambing")
    page.get_by_label("Pinjaman bergulir (Rp)").fill("10000000")
    page.get_by_label("Tanggal pencairan").fill("2024-01-15")
    page.get_by_label("NIK anggota").fill(f"{a.nik}\n{b.nik}\n3505019999999999")
    page.get_by_role("button", name="Simpan").click()
    # One unknown NIK: nothing saved, the line named.
    page.wait_for_selector("text=Baris 3 (NIK 3505************): tidak ada di registri")
    assert not Group.objects.exists()
    page.get_by_label("NIK anggota").fill(f"{a.nik}\n{b.nik}")
    page.get_by_role("button", name="Simpan").click()
    page.wait_for_selector("text=Kelompok tersimpan.")
    # Ten instalments from April 2024 are all overdue: the group shows its arrears.
    assert "Rp\u00a010.000.000" in page.locator("[data-testid=arrears]").inner_text()
    assert "Belum pernah dikunjungi" in page.locator("[data-testid=group-flags]").inner_text()

    page.get_by_role("link", name="Catat kunjungan").click()
    page.get_by_role("radio", name="Tidak", exact=True).check()
    page.get_by_label("Catatan kunjungan").fill("Kambing tinggal dua ekor, sisanya dijual.")
    page.get_by_label("Foto bukti").set_input_files([str(exe), str(photo)])
    page.get_by_role("button", name="Simpan kunjungan").click()
    page.wait_for_selector("text=bukan foto JPG, PNG atau WebP")
    page.get_by_label("Foto bukti").set_input_files([str(photo)])
    page.get_by_role("button", name="Simpan kunjungan").click()
    page.wait_for_selector("text=Kunjungan tercatat.")
    photo_shown = page.locator("img[alt='kandang.jpg']")
    # complete is also true for a broken image, whose naturalWidth stays 0
    page.wait_for_function("i => i.complete", arg=photo_shown.element_handle())
    assert photo_shown.evaluate("i => i.naturalWidth") == 8
    assert "Usaha dilaporkan tidak berjalan" in page.content()

    open_module(page, "Program", "Kelompok usaha")
    page.get_by_role("link", name="kunjungan tanpa bukti").click()
    assert page.get_by_role("link", name="KUBE Sido Rukun").is_visible()
