"""The module bar fits a 1366x768 laptop screen for every role, in both languages, with room
left for the modules still to come; its menus open, lead where they say, and the bar still
works on a phone."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import ARTIFACTS
from tests.browser.test_shell import log_in
from tests.personas import BLITAR, JATEN, PASSWORD, cast
from tkpk.models import RoleAssignment, User
from tkpk.roles import Role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LAPTOP = {"width": 1366, "height": 768}

# What the bar looks like, measured in the page: the bar's own overflow, and each top-level
# entry's box against the bar's box.
MEASURE = """() => {
  const nav = document.querySelector('nav.modules');
  const bar = nav.querySelector('.modules__bar') || nav;
  const box = bar.getBoundingClientRect();
  const items = [...bar.children].map(li => {
    const r = li.getBoundingClientRect();
    return {text: li.innerText.trim(), left: r.left, right: r.right, top: r.top,
            width: r.width, visible: getComputedStyle(li).visibility === 'visible'};
  });
  return {navScroll: nav.scrollWidth, navClient: nav.clientWidth,
          barScroll: bar.scrollWidth, barClient: bar.clientWidth,
          left: box.left, right: box.right, items: items,
          page: document.documentElement.scrollWidth, viewport: window.innerWidth};
}"""

# The modules still to come, as entries of the same shape as the widest one today.
FUTURE = """(labels) => {
  const bar = document.querySelector('nav.modules .modules__bar');
  const template = [...bar.children].find(li => li.querySelector('details'));
  for (const label of labels) {
    const li = template.cloneNode(true);
    li.querySelector('summary').textContent = label;
    bar.appendChild(li);
  }
}"""


def every_role() -> User:
    """A superuser holding every role at once: the widest bar there is."""
    user = User.objects.create_superuser(
        username="admin.blitar", password=PASSWORD, first_name="Admin Blitar"
    )
    for role in Role:
        region = JATEN if role == Role.VILLAGE_OPERATOR else BLITAR
        RoleAssignment.objects.create(user=user, role=role, region_id=region)
    return user


def assert_fits(bar: dict, who: str) -> None:
    assert bar["navScroll"] <= bar["navClient"], (who, bar)
    assert bar["barScroll"] <= bar["barClient"], (who, bar)
    assert bar["page"] <= bar["viewport"], (who, bar)
    tops = {round(item["top"]) for item in bar["items"]}
    assert len(tops) == 1, (who, "the bar wraps", bar["items"])
    for item in bar["items"]:
        assert item["text"] and item["visible"], (who, item)
        assert bar["left"] <= item["left"] and item["right"] <= bar["right"], (who, item)


def test_the_module_bar_fits_a_laptop_screen_for_every_role_in_both_languages(
    browser, live_server, regions
):
    cast()
    every_role()
    users = [
        "sekretariat.blitar",
        "dinsos.blitar",
        "operator.jaten",
        "opd.blitar",
        "bupati.blitar",
        "auditor.blitar",
        "admin.blitar",
    ]
    for username in users:
        context = browser.new_context(locale="id-ID", viewport=LAPTOP)
        page = context.new_page()
        log_in(page, live_server, username)
        page.wait_for_selector("nav.modules")
        for language in ("id", "en"):
            context.add_cookies(
                [{"name": "django_language", "value": language, "url": live_server.url}]
            )
            page.goto(live_server.url + "/")
            assert page.locator("html").get_attribute("lang") == language
            bar = page.evaluate(MEASURE)
            assert_fits(bar, f"{username} {language}")
        context.close()
    # The widest bar (every role at once, Musrenbang and Pemantauan included) still fits with
    # the module still to come, Laporan, added as an entry of its own.
    context = browser.new_context(locale="id-ID", viewport=LAPTOP)
    page = context.new_page()
    log_in(page, live_server, "admin.blitar")
    page.wait_for_selector("nav.modules")
    for language, labels in (
        ("id", ["Laporan"]),
        ("en", ["Reports"]),
    ):
        context.add_cookies(
            [{"name": "django_language", "value": language, "url": live_server.url}]
        )
        page.goto(live_server.url + "/")
        page.evaluate(FUTURE, labels)
        assert_fits(page.evaluate(MEASURE), f"admin.blitar {language} with one more module")
    context.close()


def test_a_module_menu_opens_and_its_links_lead_to_their_pages(browser, live_server, regions):
    cast()
    context = browser.new_context(locale="id-ID", viewport=LAPTOP)
    page = context.new_page()
    log_in(page, live_server, "sekretariat.blitar")
    nav = page.locator("nav.modules")
    program = nav.locator("summary", has_text="Program")
    targeting = nav.get_by_role("link", name="Penargetan")
    batches = nav.get_by_role("link", name="Batch verifikasi")
    expect(targeting).to_be_hidden()  # closed until asked

    program.click()
    expect(targeting).to_be_visible()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "module-menu-open-1366.png"))
    box = page.locator("nav.modules details[open] .modules__menu").bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= LAPTOP["width"]
    # One menu at a time; a click elsewhere or Escape closes it.
    nav.locator("summary", has_text="Registri").click()
    expect(targeting).to_be_hidden()
    expect(batches).to_be_visible()
    page.locator("h1").click()
    expect(batches).to_be_hidden()
    program.click()
    expect(targeting).to_be_visible()
    page.keyboard.press("Escape")
    expect(targeting).to_be_hidden()

    program.click()
    targeting.click()
    page.wait_for_url("**/program/penargetan/")
    expect(page.get_by_role("heading", name="Analisis penargetan")).to_be_visible()
    # The open page is marked, and so is the menu it belongs to.
    group = nav.locator("details", has=page.locator("summary", has_text="Program"))
    expect(group).to_have_class("modules__group is-active")
    program.click()
    expect(targeting).to_have_attribute("aria-current", "page")

    nav.locator("summary", has_text="Registri").click()
    nav.get_by_role("link", name="Batch verifikasi").click()
    page.wait_for_url("**/registri/batch/")
    context.close()


def test_the_module_bar_works_on_a_phone(phone, live_server, regions):
    cast()
    every_role()
    log_in(phone, live_server, "admin.blitar")
    phone.wait_for_selector("nav.modules")
    bar = phone.evaluate(MEASURE)
    assert bar["page"] <= bar["viewport"], bar
    for item in bar["items"]:
        assert item["left"] >= 0 and item["right"] <= bar["viewport"], item
    nav = phone.locator("nav.modules")
    nav.locator("summary", has_text="Registri").click()
    menu = phone.locator("nav.modules details[open] .modules__menu")
    box = menu.bounding_box()
    phone.screenshot(path=str(ARTIFACTS / "module-menu-open-phone.png"))
    assert box["x"] >= 0 and box["x"] + box["width"] <= bar["viewport"]
    assert phone.evaluate("document.documentElement.scrollWidth") <= bar["viewport"]
    nav.get_by_role("link", name="Batch verifikasi").click()
    phone.wait_for_url("**/registri/batch/")
