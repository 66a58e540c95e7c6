from __future__ import annotations

import pytest

from tests.personas import PASSWORD, cast

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, live_server, username: str) -> None:
    page.goto(live_server.url + "/masuk/")
    page.get_by_label("Nama pengguna").fill(username)
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()


def open_module(page, menu: str, link: str) -> None:
    """Open a page of the module bar that sits in one of its menus."""
    nav = page.locator("nav.modules")
    nav.locator("summary", has_text=menu).click()
    nav.get_by_role("link", name=link, exact=True).click()


def test_log_in_switch_language_and_open_the_home_page(page, live_server, regions):
    cast()
    log_in(page, live_server, "sekretariat.blitar")
    page.wait_for_selector("text=Selamat datang")
    assert page.locator("nav.modules").get_by_role("link", name="Wilayah").is_visible()

    page.get_by_role("button", name="EN").click()
    page.wait_for_selector("text=Welcome")
    assert page.locator("html").get_attribute("lang") == "en"
    page.locator("nav.modules").get_by_role("link", name="Home").click()
    assert page.get_by_role("heading", name="TKPK secretariat").is_visible()

    page.get_by_role("button", name="ID").click()
    page.wait_for_selector("text=Selamat datang")


def test_wrong_password_shows_the_reason(page, live_server, regions):
    cast()
    page.goto(live_server.url + "/masuk/")
    page.get_by_label("Nama pengguna").fill("sekretariat.blitar")
    page.get_by_label("Kata sandi").fill("keliru")
    page.get_by_role("button", name="Masuk").click()
    assert page.get_by_role("alert").inner_text().startswith("Nama pengguna atau kata sandi salah")


def test_the_shell_fits_a_phone_and_job_progress_updates_in_place(phone, live_server, regions):
    cast()
    log_in(phone, live_server, "sekretariat.blitar")
    phone.wait_for_selector("text=Selamat datang")
    overflow = phone.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
    phone.get_by_role("button", name="Uji pekerja latar").click()
    phone.wait_for_selector("#job-status[data-state=succeeded]", timeout=20000)
    assert phone.locator("#job-status").get_by_text("Selesai").first.is_visible()
