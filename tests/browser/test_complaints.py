"""The issue's "done when": a person on a phone files a complaint and follows it by code, the
secretariat routes it, the agency resolves it, the public page shows the timeline and the
statistics page counts it."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from complaints.models import Complaint
from tests.browser.test_shell import log_in
from tests.personas import BLITAR, cast, person
from tkpk.models import Agency
from tkpk.roles import Role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _pick(page, index: int, value: str) -> None:
    """Choose in the n-th select of the village picker and wait until htmx has refilled the
    picker and wired the new selects (choosing before that would send no request)."""
    page.evaluate(
        "() => { window.__settled = new Promise(resolve => document.body.addEventListener("
        "'htmx:afterSettle', resolve, {once: true})); }"
    )
    page.locator("#region-chain select").nth(index).select_option(value)
    page.evaluate("() => window.__settled.then(() => true)")


def test_phone_files_follows_and_staff_route_and_resolve(
    browser, phone, live_server, regions, catalogue
):
    cast()
    dinsos = Agency.objects.create(
        code="dinsos", name="Dinas Sosial Blitar", kind="opd", region_id=BLITAR
    )
    person("petugas.dinsos", Role.AGENCY_OFFICER, BLITAR, agency=dinsos)

    # A person on a cheap phone files a complaint without logging in.
    phone.goto(live_server.url + "/masuk/")
    phone.get_by_role("link", name="Sampaikan atau lacak pengaduan").click()
    phone.wait_for_load_state("load")  # htmx, loaded deferred, has wired the picker
    phone.get_by_label("Miskin tetapi tidak terdaftar").check()
    phone.get_by_label("Program bantuan (bila ada)").select_option("PKH")
    _pick(phone, 0, "35")
    _pick(phone, 1, "35.05")
    _pick(phone, 2, "35.05.01")
    phone.locator("#region-chain select[name=village]").select_option("35.05.01.2001")
    phone.get_by_label("Uraian pengaduan").fill(
        "Keluarga Mbah Karto miskin, rumah berlantai tanah, belum pernah terdata."
    )
    phone.get_by_label("Nama Anda (boleh kosong)").fill("Warsini")
    assert phone.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
    phone.get_by_role("button", name="Kirim pengaduan").click()
    code = phone.get_by_test_id("tracking-code").inner_text().strip()
    assert code == Complaint.objects.get().code
    expect(phone.get_by_test_id("public-status")).to_have_text("Diterima")

    # ... and later follows it by typing the code.
    phone.goto(live_server.url + "/pengaduan/")
    phone.get_by_label("Kode pelacakan").fill(code.lower())
    phone.get_by_role("button", name="Lihat status").click()
    assert phone.get_by_test_id("tracking-code").inner_text().strip() == code

    # The secretariat verifies it and routes it to the suggested agency.
    staff = browser.new_context(locale="id-ID").new_page()
    log_in(staff, live_server, "sekretariat.blitar")
    staff.locator("nav.modules").get_by_role("link", name="Pengaduan", exact=True).click()
    staff.get_by_role("link", name=code).click()
    staff.locator("form[data-action=verified] button[type=submit]").click()
    expect(staff.get_by_test_id("status")).to_have_text("Diverifikasi")
    forward = staff.locator("form[data-action=forwarded]")
    assert (
        forward.locator("select[name=agency] option:checked").inner_text() == "Dinas Sosial Blitar"
    )
    forward.locator("button[type=submit]").click()
    expect(staff.get_by_test_id("status")).to_have_text("Diteruskan ke instansi")

    # The agency officer takes it up and resolves it with a reply.
    officer = browser.new_context(locale="id-ID").new_page()
    log_in(officer, live_server, "petugas.dinsos")
    officer.goto(live_server.url + "/pengaduan/kelola/")
    officer.get_by_role("link", name=code).click()
    officer.locator("form[data-action=in_progress] button[type=submit]").click()
    resolve = officer.locator("form[data-action=resolved]")
    resolve.locator("textarea[name=reply]").fill("Keluarga sudah didata dan diusulkan ke DTSEN.")
    resolve.locator("button[type=submit]").click()
    expect(officer.get_by_test_id("status")).to_have_text("Selesai ditangani")

    # The public page shows the whole timeline, with the reply and no personal data.
    phone.reload()
    timeline = phone.get_by_test_id("public-timeline").inner_text()
    for step in ("Diterima", "Diverifikasi", "Diteruskan ke instansi", "Sedang ditangani"):
        assert step in timeline
    assert "Dinas Sosial Blitar" in timeline
    assert "Keluarga sudah didata dan diusulkan ke DTSEN." in timeline
    assert "Warsini" not in phone.content() and "Mbah Karto" not in phone.content()
    expect(phone.get_by_test_id("public-status")).to_have_text("Selesai ditangani")

    # The statistics page counts it.
    staff.goto(live_server.url + "/pengaduan/kelola/statistik/")
    assert staff.get_by_test_id("total").inner_text() == "1"
    assert staff.get_by_test_id("resolved").inner_text() == "1"
    assert "Wonodadi" in staff.locator("#by-region").inner_text()
    staff.context.close()
    officer.context.close()
