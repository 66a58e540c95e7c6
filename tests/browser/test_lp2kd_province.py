"""The issue's "done when" for the province: a regency's own installation hands in its
approved LP2KD over the API; the province's secretariat starts its report, sees which
regencies sent theirs (on time, missing), reads the regency's PDF and the roll-up."""

from __future__ import annotations

import base64
import hashlib

import pytest
from playwright.sync_api import expect
from rest_framework.test import APIClient

from reports.lp2kd.services import lp2kd_create
from reports.lp2kd.snapshot import snapshot_build, snapshot_sha256
from tests.browser.conftest import ARTIFACTS
from tests.browser.test_shell import log_in
from tests.personas import JEMBER, cast, person
from tkpk.models import Region
from tkpk.roles import Role
from tkpk.services.api_tokens import api_token_issue

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def test_the_province_sees_a_regencys_submission_and_its_rollup(page, live_server, regions):
    people = cast()
    person("sekretariat.jatim", Role.SECRETARIAT, "35")
    # Jember's installation approved its 2026 report (built by the same code, then gone
    # from this database: it lives in Jember's installation) and hands it in.
    made = lp2kd_create(
        user=people.jember_secretariat, region=Region.objects.get(code=JEMBER), year=2026
    )
    snapshot = snapshot_build(version=made.versions.get())
    made.delete()
    system = person("sistem.jember", Role.API_CLIENT, JEMBER)
    _, key = api_token_issue(assignment=system.role_assignments.get(), name="lp2kd", actor=None)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    sent = client.post(
        f"/api/lp2kd/{JEMBER}/2026/submissions/",
        {
            "snapshot": snapshot,
            "snapshot_sha256": snapshot_sha256(snapshot),
            "pdf_base64": base64.b64encode(PDF).decode(),
            "pdf_sha256": hashlib.sha256(PDF).hexdigest(),
        },
        format="json",
    )
    assert sent.status_code == 201, sent.content

    # The province's secretariat starts the province's report ...
    log_in(page, live_server, "sekretariat.jatim")
    page.goto(live_server.url + "/laporan/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Laporan Pelaksanaan Penanggulangan Kemiskinan Daerah (LP2KD)"
    )
    page.get_by_label("Wilayah").select_option("35")
    page.get_by_label("Tahun laporan").fill("2026")
    page.get_by_role("button", name="Buat").click()
    province = Region.objects.get(code="35").name
    expect(page.get_by_role("heading", level=1)).to_have_text(f"LP2KD 2026 — {province}")

    # ... sees Jember's report received on time, the others not yet sent ...
    table = page.get_by_test_id("regency-submissions")
    jember = table.locator(f"tr[data-region='{JEMBER}']")
    expect(jember.locator("td").nth(1)).to_have_text("tepat waktu")
    expect(table.locator("tr[data-region='35.01'] td").nth(1)).to_have_text(
        "belum dikirim (belum jatuh tempo)"
    )
    expect(jember.locator("td").nth(4)).to_have_text(
        "Diterima lewat API dari aplikasi kabupaten/kota"
    )
    # ... the roll-up of the figures sent ...
    rollup = page.locator("#rekap")
    expect(rollup.get_by_role("heading", level=2)).to_have_text(
        "Rekap provinsi dari LP2KD kabupaten/kota"
    )
    poverty = rollup.locator("#tabel-t25 + table tbody tr").first
    expect(poverty.locator("td").nth(1)).to_have_text(JEMBER)
    page.screenshot(path=str(ARTIFACTS / "lp2kd_province_page.png"), full_page=True)
    # ... reads the PDF Jember sent, byte for byte ...
    with page.expect_download() as download:
        jember.get_by_role("link", name="PDF yang disetujui").click()
    assert download.value.path().read_bytes() == PDF
    # ... and opens Jember's version, kept as received.
    jember.get_by_role("link", name="v1").click()
    name = Region.objects.get(code=JEMBER).name
    expect(page.get_by_role("heading", level=1)).to_have_text(f"LP2KD 2026 — {name} · versi 1")
    expect(page.locator("span.state")).to_have_text("Dikirim ke provinsi")
