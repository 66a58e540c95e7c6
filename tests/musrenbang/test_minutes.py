"""The berita acara of a forum as a PDF (read back as text), and the signed scan: checked
by content, kept outside the web root, downloadable by those who may, the forum locked."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from PIL import Image
from pypdf import PdfReader

from musrenbang.minutes import forum_minutes, forum_minutes_pdf
from musrenbang.models import Proposal
from musrenbang.services import (
    AttendeeInput,
    ForumInput,
    attendance_add,
    district_ceiling_fill,
    district_ceiling_set,
    forum_create,
    proposal_update,
)
from musrenbang.services.minutes import forum_minutes_sign
from tests.musrenbang.conftest import WONODADI, proposal_input
from tests.personas import JATEN
from tkpk.models import AuditEntry, Region


@pytest.fixture
def district_forum(people, year, propose):
    secretariat = people.blitar_secretariat
    forum = forum_create(
        user=secretariat,
        planning_year=year,
        data=ForumInput(
            region_code=WONODADI,
            name="Musrenbang Kecamatan Wonodadi",
            held_on=date(2026, 2, 12),
            place="Pendopo Kecamatan Wonodadi",
            chair="Drs. Camat Wonodadi",
            chair_nip="197001011990031001",
            minutes_number="050/12/409.20/2026",
        ),
    )
    attendance_add(
        user=secretariat,
        forum=forum,
        attendees=[
            AttendeeInput(name="Siti Aminah", sex="P", institution="PKK", element="women"),
            AttendeeInput(name="Suyono", sex="L", institution="BPD Jaten", is_delegate=True),
        ],
    )
    proposals = {
        "jahit": propose(title="Pelatihan menjahit", estimated_cost="40.000.000"),
        "jalan": propose(title="Pengaspalan jalan dusun", estimated_cost="90.000.000"),
        "jamban": propose(title="Jamban sehat", estimated_cost="20.000.000"),
    }
    scores = {"jahit": "4.5", "jalan": "4.0", "jamban": "3.0"}
    for key, p in proposals.items():
        Proposal.objects.filter(pk=p.pk).update(score=scores[key])
    wonodadi = Region.objects.get(code=WONODADI)
    district_ceiling_set(
        user=secretariat, planning_year=year, district=wonodadi, amount="100.000.000"
    )
    district_ceiling_fill(user=secretariat, planning_year=year, district=wonodadi)
    return forum


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_the_minutes_follow_the_form_with_the_agreed_ranking_and_the_reserves(district_forum):
    minutes = forum_minutes(forum=district_forum)
    # the snapshot: skipped road is a reserve with its reason, the cheaper latrine agreed
    assert [r["title"] for r in minutes["agreed"]] == ["Pelatihan menjahit", "Jamban sehat"]
    assert minutes["agreed_total"] == 60_000_000
    assert [r["title"] for r in minutes["not_accommodated"]] == ["Pengaspalan jalan dusun"]
    assert minutes["attendance"] == {
        "total": 2,
        "women": 1,
        "men": 1,
        "disability": 0,
        "poor": 0,
        "warnings": minutes["attendance"]["warnings"],
    }
    text = pdf_text(forum_minutes_pdf(minutes=minutes))
    flat = " ".join(text.split())
    assert "BERITA ACARA HASIL KESEPAKATAN MUSRENBANG RKPD KABUPATEN BLITAR DI KECAMATAN" in flat
    assert "Kamis, tanggal 12 Februari 2026" in flat
    assert "050/12/409.20/2026" in flat
    for clause in ("MENYEPAKATI", "KESATU", "KEDUA", "KETIGA", "KEEMPAT"):
        assert clause in flat
    assert "Pimpinan Sidang" in flat and "Drs. Camat Wonodadi" in flat
    assert "Lampiran I" in flat and "Siti Aminah" in flat
    assert "Tabel T-D.4" in flat and "Pelatihan menjahit" in flat and "60.000.000" in flat
    assert "Lampiran III" in flat and "Pengaspalan jalan dusun" in flat and "sisa pagu" in flat
    assert "Lampiran IV" in flat and "Suyono" in flat
    assert "1 perempuan dan 1 laki-laki" in flat
    assert "dilewati" in flat  # the fill rule said


def test_the_minutes_page_serves_a_pdf_in_scope_only(people, district_forum, login):
    url = reverse("musrenbang:forum-minutes", args=[district_forum.pk])
    response = login(people.blitar_secretariat).get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    assert login(people.jember_secretariat).get(url).status_code == 404


def png() -> io.BytesIO:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "white").save(buffer, format="PNG")
    buffer.seek(0)
    return buffer


def test_the_signed_scan_is_kept_privately_downloaded_audited_and_locks_the_forum(
    people, year, district_forum, login, settings
):
    secretariat = people.blitar_secretariat
    # a text file named .pdf is refused by its content
    with pytest.raises(ValidationError, match="bukan foto"):
        forum_minutes_sign(
            user=secretariat,
            forum=district_forum,
            upload=io.BytesIO(b"bukan pdf"),
            filename="ba.pdf",
        )
    client = login(secretariat)
    response = client.post(
        reverse("musrenbang:forum-minutes-sign", args=[district_forum.pk]),
        {"scan": _named(png(), "ba-ditandatangani.png")},
    )
    assert response.status_code == 302
    district_forum.refresh_from_db()
    assert district_forum.signed_minutes_at is not None
    stored = settings.PRIVATE_MEDIA_ROOT / district_forum.signed_minutes_path
    assert stored.read_bytes().startswith(b"\x89PNG")
    download = client.get(reverse("musrenbang:forum-minutes-signed", args=[district_forum.pk]))
    assert download.status_code == 200 and download["Content-Type"] == "image/png"
    assert b"".join(download.streaming_content).startswith(b"\x89PNG")
    assert set(
        AuditEntry.objects.filter(object_id=str(district_forum.pk)).values_list("action", flat=True)
    ) >= {"musrenbang_minutes_signed", "musrenbang_minutes_downloaded"}
    # out of the region: the same 404 as a forum that does not exist
    other = login(people.jember_secretariat)
    assert (
        other.get(reverse("musrenbang:forum-minutes-signed", args=[district_forum.pk])).status_code
        == 404
    )
    # locked: no more attendees, a second scan refused
    with pytest.raises(ValidationError, match="terkunci"):
        attendance_add(
            user=secretariat, forum=district_forum, attendees=[AttendeeInput(name="X", sex="L")]
        )
    with pytest.raises(ValidationError, match="sudah diunggah"):
        forum_minutes_sign(user=secretariat, forum=district_forum, upload=png(), filename="b.png")


def test_a_proposal_of_a_signed_forum_changes_only_as_an_amendment(people, year, propose):
    operator = people.jaten_village_operator
    forum = forum_create(
        user=operator,
        planning_year=year,
        data=ForumInput(
            region_code=JATEN, name="Musdes Jaten", held_on=date(2026, 1, 20), place="Balai"
        ),
    )
    proposal = propose(forum_id=forum.pk)
    forum_minutes_sign(user=operator, forum=forum, upload=png(), filename="ba.png")
    with pytest.raises(ValidationError, match="terkunci"):
        proposal_update(
            user=operator, proposal=proposal, data=proposal_input(forum_id=forum.pk, title="Baru")
        )
    with pytest.raises(ValidationError, match="tuliskan alasan"):
        proposal_update(
            user=people.blitar_secretariat,
            proposal=proposal,
            data=proposal_input(forum_id=forum.pk, title="Baru"),
        )
    proposal_update(
        user=people.blitar_secretariat,
        proposal=proposal,
        data=proposal_input(forum_id=forum.pk, title="Baru"),
        amendment_reason="Salah ketik judul",
    )
    assert proposal.amendments.get().after == {"title": "Baru"}


def _named(buffer: io.BytesIO, name: str):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, buffer.getvalue(), "application/octet-stream")
