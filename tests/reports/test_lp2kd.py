"""The LP2KD: generated from the registry and a targeting run, its figures agree with counts
made row by row; it goes through the approval chain in order; the approved document stays
the same after the registry changes; versions are kept and compared."""

from __future__ import annotations

import hashlib
import io
import re
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from households.models import Household, Person
from programs.models import RunHouseholdProgram
from reports.lp2kd.services import (
    lp2kd_create,
    lp2kd_step,
    lp2kd_version_generate,
    lp2kd_version_new,
    lp2kd_version_update,
)
from reports.lp2kd.snapshot import snapshot_sha256
from reports.models import Lp2kdVersion
from tests.personas import BLITAR, JEMBER, person
from tkpk.models import AuditEntry, Region
from tkpk.roles import Role

TODAY = date(2026, 12, 2)


def pdf_text(pdf: bytes) -> str:
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    return re.sub(r"\s+", " ", text)


def dotted(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def independent_deciles(prefix: str) -> dict[str, list[int]]:
    """Active households per district: [households, D1..D10, no decile], row by row."""
    by_district: dict[str, list[int]] = {}
    for h in Household.objects.filter(status="active"):
        if not h.village_id.startswith(prefix):
            continue
        counts = by_district.setdefault(h.village_id[:8], [0] * 12)
        counts[0] += 1
        counts[h.welfare_decile if h.welfare_decile else 11] += 1
    return by_district


def generated(version: Lp2kdVersion) -> Lp2kdVersion:
    lp2kd_version_generate(version_id=version.pk, today=TODAY)
    return Lp2kdVersion.objects.get(pk=version.pk)


@pytest.fixture
def chair(people):
    """A second secretariat user: approval is never given by the reviewer."""
    return person("ketua.blitar", Role.SECRETARIAT, BLITAR)


@pytest.fixture
def report(world, people):
    return lp2kd_create(
        user=people.blitar_secretariat, region=Region.objects.get(code=BLITAR), year=2026
    )


def test_the_generated_report_holds_the_registrys_and_the_runs_figures(world, report, settings):
    version = generated(report.versions.get())
    assert version.run_id == world.pk  # the year's run, chosen by default

    text = pdf_text(private_file(version.pdf_path, settings))
    # The cover, the table of contents with page numbers, every page numbered.
    assert "Kabupaten Blitar" in text and "Tahun 2026" in text and "DRAF" in text
    assert re.search(r"Bab IV Pelaksanaan Program \.+ ?\d+", text) or "Daftar isi" in text
    assert f"Halaman {version.pdf_pages} dari {version.pdf_pages}" in text
    assert "Desil 5–10" in text  # the legend of T2.3's chart, under its table
    # Households by decile per district, each row against a count made household by household.
    names = dict(
        Region.objects.filter(level=3, code__startswith="35.05.").values_list("code", "name")
    )
    expected = independent_deciles(BLITAR + ".")
    assert expected
    for district, counts in expected.items():
        households, deciles, unknown = counts[0], counts[1:11], counts[11]
        cells = [dotted(households)]
        row = f"{names[district]} {district} {' '.join(cells)}"
        assert row in text, row
        decile_cells = " ".join(dotted(d) for d in deciles) + f" {dotted(unknown)}"
        assert decile_cells in text, (district, decile_cells)
    # PKH receiving families by decile, counted row by row from the run's households.
    pkh = [0] * 11
    for row in RunHouseholdProgram.objects.filter(run=world, program__code="PKH", receives=True):
        pkh[row.welfare_decile or 0] += 1
    pkh_row = "PKH keluarga " + " ".join(dotted(n) for n in pkh[1:]) + f" {dotted(pkh[0])}"
    assert pkh_row + f" {dotted(sum(pkh))}" in text
    # Monitoring data the region has not recorded says so, without failing.
    assert "Belum ada indikator kemiskinan wilayah ini sampai tahun 2026." in text
    # The annex holds every table in full.
    workbook = load_workbook(private_file(version.xlsx_path, settings, path=True), read_only=True)
    assert {"Isi", "T2_3", "T2_4", "T4_2"} <= set(workbook.sheetnames)
    villages = list(workbook["T2_4"].iter_rows(values_only=True))
    assert len(villages) - 3 == len(
        {h.village_id for h in Household.objects.filter(status="active")}
    )


def private_file(relative: str, settings, *, path: bool = False):
    full = settings.PRIVATE_MEDIA_ROOT / relative
    return full if path else full.read_bytes()


def test_a_year_without_data_makes_a_report_that_says_what_is_missing(people, regions):
    report = lp2kd_create(
        user=people.jember_secretariat, region=Region.objects.get(code=JEMBER), year=2025
    )
    version = generated(report.versions.get())
    text = pdf_text(private_file_bytes(version))
    assert "Belum ada rumah tangga aktif di registri wilayah ini." in text
    assert "Belum ada analisis penargetan yang selesai dan dipilih" in text
    assert "Tidak ada pengaduan yang diterima pada tahun ini" in text
    assert "Data yang belum tersedia" in text
    assert len(version.snapshot["missing"]) >= 10


def private_file_bytes(version: Lp2kdVersion) -> bytes:
    from django.conf import settings

    return (settings.PRIVATE_MEDIA_ROOT / version.pdf_path).read_bytes()


def test_narrative_markup_is_printed_as_text(world, report, people):
    version = report.versions.get()
    lp2kd_version_update(
        user=people.blitar_secretariat,
        version=version,
        narratives={"I": "<script>alert(1)</script> <b>tebal</b> Latar belakang."},
        run_id=world.pk,
    )
    text = pdf_text(private_file_bytes(generated(version)))
    assert "<script>alert(1)</script> <b>tebal</b> Latar belakang." in text


def test_the_chain_runs_in_order_and_the_approved_document_stays_as_approved(
    world, report, people, chair, login, settings
):
    secretariat, leader = people.blitar_secretariat, people.blitar_leader
    version = report.versions.get()

    # Out of order: signing or approving a draft is refused, nothing changes.
    with pytest.raises(ValidationError, match="hanya dapat diambil untuk versi berstatus"):
        lp2kd_step(user=leader, version=version, action="sign")
    with pytest.raises(ValidationError, match="hanya dapat diambil"):
        lp2kd_step(user=chair, version=version, action="approve")
    # Reviewing needs the document made first.
    with pytest.raises(ValidationError, match="buat dokumen dulu"):
        lp2kd_step(user=secretariat, version=version, action="review")
    version = generated(version)
    lp2kd_step(user=secretariat, version=version, action="review", note="Sudah dibaca.")
    # The reviewer does not approve their own review; the leader is not the chair.
    with pytest.raises(ValidationError, match="orang lain"):
        lp2kd_step(user=secretariat, version=version, action="approve")
    with pytest.raises(ValidationError, match="tidak berwenang"):
        lp2kd_step(user=leader, version=version, action="approve")
    # Sent back with a reason, then again through review.
    with pytest.raises(ValidationError, match="alasan"):
        lp2kd_step(user=chair, version=version, action="return")
    lp2kd_step(user=chair, version=version, action="return", note="Bab VI belum lengkap.")
    with pytest.raises(ValidationError, match="buat dokumen dulu"):
        lp2kd_step(user=secretariat, version=version, action="review")
    version = generated(version)
    lp2kd_step(user=secretariat, version=version, action="review")
    approved = lp2kd_step(user=chair, version=version, action="approve", note="Setuju.")
    before = pdf_text(private_file_bytes(approved))
    assert "DRAF" not in before and "Disetujui oleh ketua.blitar" in before

    # An approved version is read-only.
    with pytest.raises(ValidationError, match="tidak dapat diubah"):
        lp2kd_version_update(user=secretariat, version=approved, narratives={"I": "x"}, run_id=None)
    lp2kd_step(user=leader, version=approved, action="sign")
    lp2kd_step(user=secretariat, version=approved, action="submit")
    approved.refresh_from_db()
    assert approved.state == "submitted" and approved.submitted_at is not None
    steps = [(s.action, s.actor.username, s.note) for s in approved.steps.order_by("at", "id")]
    assert [a for a, _, _ in steps] == [
        "create",
        "review",
        "return",
        "review",
        "approve",
        "sign",
        "submit",
    ]
    assert ("return", "ketua.blitar", "Bab VI belum lengkap.") in steps

    # The registry changes afterwards: every decile-1 household moves to decile 9.
    moved = Household.objects.filter(village__code__startswith="35.05.", welfare_decile=1).update(
        welfare_decile=9
    )
    assert moved
    # The leader downloads the approved report from the home page: the same figures.
    client = login(leader)
    home = client.get("/").content.decode()
    link = reverse("reports:version-pdf", args=[approved.pk])
    assert link in home
    response = client.get(link)
    assert response.status_code == 200
    downloaded = b"".join(response.streaming_content)
    assert hashlib.sha256(downloaded).hexdigest() == approved.pdf_sha256
    assert pdf_text(downloaded) == before
    assert (
        approved.pdf_sha256
        in client.get(reverse("reports:version-detail", args=[approved.pk])).content.decode()
    )
    entry = AuditEntry.objects.filter(action="lp2kd_downloaded").latest("id")
    assert entry.actor == leader and entry.detail["version"] == 1

    # A new version shows the registry as it is now; the comparison lists the differences.
    new = lp2kd_version_new(user=secretariat, version=approved)
    new = generated(new)
    assert new.number == 2 and new.state == "draft"
    assert snapshot_sha256(new.snapshot) != approved.snapshot_sha256
    page = client.get(
        reverse("reports:version-compare", args=[new.pk]) + f"?dengan={approved.pk}"
    ).content.decode()
    assert "angka berbeda" in page and "D1" in page and "D9" in page

    # A stored approved file that was altered is not handed out.
    (settings.PRIVATE_MEDIA_ROOT / approved.pdf_path).write_bytes(downloaded + b"%")
    refused = client.get(link)
    assert refused.status_code == 302
    assert "tidak cocok" in client.get(refused["Location"]).content.decode()


def test_pages_refuse_out_of_order_and_show_the_reason(world, report, people, login):
    version = report.versions.get()
    client = login(people.blitar_leader)
    response = client.post(
        reverse("reports:version-step", args=[version.pk]), {"action": "sign"}, follow=True
    )
    assert "hanya dapat diambil untuk versi berstatus" in response.content.decode()
    assert Lp2kdVersion.objects.get(pk=version.pk).state == "draft"


def test_a_second_report_for_the_same_region_and_year_is_refused(world, report, people, login):
    client = login(people.blitar_secretariat)
    response = client.post(reverse("reports:lp2kd-list"), {"region": BLITAR, "year": 2026})
    assert response.status_code == 400
    assert "sudah ada" in response.content.decode()
    response = client.post(reverse("reports:lp2kd-list"), {"region": JEMBER, "year": 2026})
    assert response.status_code == 400
    assert Person.objects.exists()


def test_the_provinces_report_shows_each_regencys_submission(world, report, people):
    from django.utils import timezone

    from reports.lp2kd.rollup import regency_submissions
    from reports.lp2kd.sections import SectionInput
    from reports.lp2kd.snapshot import snapshot_build

    # given Blitar's report sent (its snapshot as sent), and no other regency's
    version = report.versions.get()
    version.snapshot = snapshot_build(version=version, today=TODAY)
    version.state, version.submitted_at = "submitted", timezone.now()
    version.save()
    # when the province's table is computed after the regencies' deadline
    figures = regency_submissions(
        SectionInput(region="35", year=2026, run_id=None, today=date(2027, 2, 10))
    )
    rows = {row[1]: row for row in figures["rows"]}
    # then Blitar reads as sent on time (before 31 January) with the households of the
    # snapshot it sent; Jember, which sent nothing, as not sent
    active = Household.objects.filter(status="active", village__code__startswith="35.05.")
    blitar = rows[BLITAR]
    assert blitar[2] == "tepat waktu" and blitar[4] == 1
    assert blitar[5] == active.count()
    assert blitar[6] == active.filter(welfare_decile__lte=4).count()
    assert rows[JEMBER][2] == "belum dikirim" and rows[JEMBER][5] is None
    assert len(rows) == Region.objects.filter(parent_id="35", level=2).count()
