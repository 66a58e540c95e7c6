"""Proposals and sign-in sheets uploaded in bulk: preview with per-row reasons, scope,
all-or-nothing commit, re-uploading the same file changes nothing."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from musrenbang.models import Attendance, AttendanceBatch, Proposal, ProposalBatch
from musrenbang.services import ForumInput, forum_create, stage_close
from musrenbang.services.batches import (
    MusrenbangBatchError,
    attendance_batch_commit,
    attendance_batch_upload,
    attendance_batch_validate,
    proposal_batch_commit,
    proposal_batch_upload,
    proposal_batch_validate,
)
from tests.musrenbang.conftest import OTHER_WONODADI_VILLAGE
from tests.personas import JATEN, PADOMASAN

HEADER = (
    "kode_desa,judul,masalah,rt,rw,fisik,bidang_urusan,volume,satuan,biaya,"
    "penerima_manfaat,jenis_penerima,peringkat"
)
GOOD = f"{JATEN},Pelatihan menjahit,Ibu desil 1-2 tanpa penghasilan,2,1,tidak,manpower,20,orang,15.000.000,20,person,1"  # noqa: E501
ROAD = f'{JATEN},Pengaspalan jalan dusun,Jalan rusak,,,ya,Pekerjaan umum dan penataan ruang,1.250,m,"Rp 450.000.000,00",300,desa,2'  # noqa: E501


def sheet(*lines: str) -> io.BytesIO:
    return io.BytesIO(("\n".join([HEADER, *lines]) + "\n").encode())


def uploaded(user, year, *lines: str, **kw) -> ProposalBatch:
    batch = proposal_batch_upload(
        user=user,
        planning_year=year,
        upload=sheet(*lines),
        filename="usulan.csv",
        queue_validation=False,
        **kw,
    )
    proposal_batch_validate(batch=batch)
    batch.refresh_from_db()
    return batch


def problems(batch) -> dict[int, list[tuple[str, str]]]:
    return {
        r.row_number: [(e["column"], e["message"]) for e in r.errors]
        for r in batch.rows.order_by("row_number")
        if r.errors
    }


def test_a_village_operator_uploads_previews_and_commits_their_proposals(people, year):
    operator = people.jaten_village_operator
    # when
    batch = uploaded(operator, year, GOOD, ROAD)
    # then: a preview, nothing written yet
    assert (batch.state, batch.rows_total, batch.rows_new, batch.rows_rejected) == (
        "validated",
        2,
        2,
        0,
    )
    assert not Proposal.objects.exists()
    proposal_batch_commit(batch_id=batch.pk, user=operator)
    road = Proposal.objects.get(title="Pengaspalan jalan dusun")
    assert (road.estimated_cost, road.volume, road.is_physical, road.field_of_affairs) == (
        450_000_000,
        1250,
        True,
        "public_works",
    )
    assert (road.beneficiary_kind, road.rank_in_forum, road.stage.kind) == ("village", 2, "musdes")
    assert Proposal.objects.get(title="Pelatihan menjahit").rt == "2"


def test_uploading_the_same_file_again_changes_nothing(people, year):
    operator = people.jaten_village_operator
    first = uploaded(operator, year, GOOD, ROAD)
    proposal_batch_commit(batch_id=first.pk, user=operator)
    before = list(Proposal.objects.values_list("id", "title", "estimated_cost").order_by("id"))
    # the same file once more, titles in another case
    again = uploaded(operator, year, GOOD.replace("Pelatihan menjahit", "PELATIHAN MENJAHIT"), ROAD)
    assert (again.rows_new, again.rows_unchanged, again.rows_rejected) == (0, 2, 0)
    proposal_batch_commit(batch_id=again.pk, user=operator)
    assert list(Proposal.objects.values_list("id", "title", "estimated_cost").order_by("id")) == (
        before
    )
    # and a committed batch cannot be committed twice
    with pytest.raises(MusrenbangBatchError, match="belum siap"):
        proposal_batch_commit(batch_id=first.pk, user=operator)


def test_each_bad_cell_is_named_by_row_column_and_reason(people, year):
    batch = uploaded(
        people.jaten_village_operator,
        year,
        GOOD,
        f'{JATEN},,Masalah,1234,1,mungkin,jalan,0,,"1.500.000,50",-3,warga,0',
        f'{JATEN},Bedah rumah,Rumah tidak layak,,,ya,housing,"2,5",unit,-1.000,4,rumah tangga,',
        f"{JATEN},Beasiswa,Anak putus sekolah,,,tidak,education,10,orang,0,10,person,",
        GOOD,  # the same proposal twice in one file
    )
    found = problems(batch)
    assert set(found) == {3, 4, 5, 6}
    assert {c for c, _m in found[3]} == {
        "judul",
        "rt",
        "fisik",
        "bidang_urusan",
        "volume",
        "satuan",
        "biaya",
        "penerima_manfaat",
        "jenis_penerima",
        "peringkat",
    }
    assert ("biaya", "Biaya ditulis dalam rupiah utuh, tanpa sen.") in found[3]
    assert found[4] == [("biaya", "Biaya tidak boleh negatif.")]
    assert found[5] == [("biaya", "Biaya harus lebih dari nol.")]
    assert found[6] == [("judul", "Baris ganda: sama dengan baris 2")]
    assert (batch.rows_new, batch.rows_rejected) == (1, 4)
    # the commit adds the good row only
    proposal_batch_commit(batch_id=batch.pk, user=people.jaten_village_operator)
    assert list(Proposal.objects.values_list("title", flat=True)) == ["Pelatihan menjahit"]


def test_a_village_outside_the_users_reach_reads_like_an_unknown_one(people, year):
    lines = [GOOD.replace(JATEN, code) for code in (OTHER_WONODADI_VILLAGE, PADOMASAN, "99.99")]
    operator = uploaded(people.jaten_village_operator, year, *lines)
    secretariat = uploaded(people.blitar_secretariat, year, *lines)
    not_found = [("kode_desa", "Desa/kelurahan tidak ditemukan.")]
    # a village operator: only their village; another Blitar village, Jember, nonsense alike
    assert problems(operator) == {2: not_found, 3: not_found, 4: not_found}
    # the Blitar secretariat reaches the other Blitar village, not Jember's
    assert problems(secretariat) == {3: not_found, 4: not_found}


def test_an_upload_into_a_closed_stage_is_refused_and_a_commit_after_closing_too(people, year):
    operator = people.jaten_village_operator
    batch = uploaded(operator, year, GOOD)
    stage_close(user=people.blitar_secretariat, stage=year.stages.get(kind="musdes"))
    with pytest.raises(MusrenbangBatchError, match="sudah ditutup"):
        proposal_batch_commit(batch_id=batch.pk, user=operator)
    with pytest.raises(ValidationError, match="sudah ditutup"):
        uploaded(operator, year, GOOD)
    assert not Proposal.objects.exists()


def test_a_sheet_without_the_required_columns_is_unreadable_with_the_reason(people, year):
    batch = proposal_batch_upload(
        user=people.jaten_village_operator,
        planning_year=year,
        upload=io.BytesIO(b"kode_desa,judul\n35.05.01.2001,Jalan\n"),
        filename="usulan.csv",
        queue_validation=False,
    )
    proposal_batch_validate(batch=batch)
    batch.refresh_from_db()
    assert batch.state == "unreadable"
    assert batch.file_errors[0]["code"] == "musrenbang_proposal_columns_missing"
    assert "masalah" in batch.file_errors[0]["params"]["missing"]


def test_the_preview_page_names_row_and_column_and_the_rejected_rows_download_to_fix(
    people, year, login
):
    batch = uploaded(
        people.jaten_village_operator, year, GOOD, f"{JATEN},,M,,,ya,social,1,u,1,1,person,"
    )
    client = login(people.jaten_village_operator)
    page = client.get(reverse("musrenbang:proposal-batch", args=[batch.pk]))
    assert page.status_code == 200
    assert "Baris 3, kolom judul" in page.content.decode()
    assert "Judul usulan wajib diisi." in page.content.decode()
    download = client.get(reverse("musrenbang:proposal-batch-rejected", args=[batch.pk]))
    rows = list(csv.reader(io.StringIO(download.content.decode("utf-8-sig"))))
    assert rows[0][0] == "baris" and rows[0][-1] == "alasan_penolakan"
    assert rows[1][0] == "3" and "judul" in rows[1][-1]
    # another village's operator of the same regency cannot see it: 404 like a missing one
    from tests.personas import OTHER_BLITAR_VILLAGE, person
    from tkpk.roles import Role

    other = person("operator.lain", Role.VILLAGE_OPERATOR, OTHER_BLITAR_VILLAGE)
    assert (
        login(other).get(reverse("musrenbang:proposal-batch", args=[batch.pk])).status_code == 404
    )


def test_the_upload_page_takes_a_file_and_the_templates_download(people, year, login):
    client = login(people.jaten_village_operator)
    response = client.post(
        reverse("musrenbang:proposal-upload", args=[year.pk]),
        {"file": sheet(GOOD)},
    )
    batch = ProposalBatch.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("musrenbang:proposal-batch", args=[batch.pk])
    assert batch.region_id == JATEN
    xlsx = client.get(reverse("musrenbang:proposal-template", args=["xlsx"]))
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
    csv_template = client.get(reverse("musrenbang:proposal-template", args=["csv"]))
    assert csv_template.content.decode("utf-8-sig").splitlines()[0] == HEADER


def test_an_xlsx_sheet_from_the_template_is_read_with_numbers_as_excel_keeps_them(people, year):
    from openpyxl import Workbook

    workbook = Workbook()
    ws = workbook.active
    ws.append(HEADER.split(","))
    ws.append([JATEN, "Jamban sehat", "Buang air di sungai", "003", "", "ya", "housing", 12,
               "unit", 36000000, 12, "household", 1])  # fmt: skip
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    batch = proposal_batch_upload(
        user=people.jaten_village_operator,
        planning_year=year,
        upload=buffer,
        filename="usulan.xlsx",
        queue_validation=False,
    )
    proposal_batch_validate(batch=batch)
    batch.refresh_from_db()
    assert (batch.state, batch.rows_new) == ("validated", 1)
    proposal_batch_commit(batch_id=batch.pk, user=people.jaten_village_operator)
    assert Proposal.objects.get().estimated_cost == 36_000_000


# ---------------------------------------------------------------------------- attendance


@pytest.fixture
def forum(people, year):
    from datetime import date

    return forum_create(
        user=people.jaten_village_operator,
        planning_year=year,
        data=ForumInput(
            region_code=JATEN, name="Musdes Jaten", held_on=date(2026, 1, 20), place="Balai"
        ),
    )


def attendance_sheet(*lines: str) -> io.BytesIO:
    header = "nama,lembaga,unsur,jenis_kelamin,disabilitas,mewakili_miskin,tanda_tangan"
    return io.BytesIO(("\n".join([header, *lines]) + "\n").encode())


def attendance_uploaded(user, forum, *lines: str) -> AttendanceBatch:
    batch = attendance_batch_upload(
        user=user,
        forum=forum,
        upload=attendance_sheet(*lines),
        filename="hadir.csv",
        queue_validation=False,
    )
    attendance_batch_validate(batch=batch)
    batch.refresh_from_db()
    return batch


def test_a_sign_in_sheet_adds_people_once_and_refuses_blank_names(people, forum):
    operator = people.jaten_village_operator
    lines = [
        "Siti Aminah,PKK Desa Jaten,Organisasi perempuan,P,tidak,ya,",
        "Suyono,BPD,village,l,ya,,",
        ",Karang Taruna,youth,L,,,",
        "Wati,Posyandu,bidan,X,kadang,tidak,",
    ]
    batch = attendance_uploaded(operator, forum, *lines)
    assert problems(batch) == {
        4: [("nama", "Nama peserta kosong.")],
        5: [
            ("unsur", problems(batch)[5][0][1]),
            ("jenis_kelamin", "Jenis kelamin L atau P."),
            ("disabilitas", "Isi ya atau tidak."),
        ],
    }
    assert "Unsur tidak dikenal" in problems(batch)[5][0][1]
    attendance_batch_commit(batch_id=batch.pk, user=operator)
    rows = {a.name: a for a in Attendance.objects.filter(forum=forum)}
    assert set(rows) == {"Siti Aminah", "Suyono"}
    assert (
        rows["Siti Aminah"].sex,
        rows["Siti Aminah"].element,
        rows["Siti Aminah"].represents_poor,
    ) == (
        "P",
        "women",
        True,
    )
    assert (rows["Suyono"].sex, rows["Suyono"].has_disability, rows["Suyono"].represents_poor) == (
        "L",
        True,
        False,
    )
    again = attendance_uploaded(operator, forum, *lines[:2])
    assert (again.rows_new, again.rows_unchanged) == (0, 2)
    attendance_batch_commit(batch_id=again.pk, user=operator)
    assert Attendance.objects.filter(forum=forum).count() == 2


def test_another_village_cannot_upload_a_forums_attendance(people, forum):
    from tests.personas import OTHER_BLITAR_VILLAGE, person
    from tkpk.roles import Role

    other = person("operator.lain", Role.VILLAGE_OPERATOR, OTHER_BLITAR_VILLAGE)
    with pytest.raises(ValidationError, match="tidak ditemukan"):
        attendance_uploaded(other, forum, "Siti,PKK,women,P,tidak,ya,")
    assert not AttendanceBatch.objects.exists()
