"""Every kind of bad input gets a clear message naming row, column and reason, and leaves the
registry exactly as it was."""

from __future__ import annotations

import dataclasses
import io

import pytest
from django.core.exceptions import ValidationError
from openpyxl import Workbook

from households import imports
from households.models import BatchRow, Household, Person
from households.services import batch_upload
from tests.households.batchfiles import HEADERS, csv_bytes, family, member
from tkpk.tabular.problems import file_problem_texts
from tkpk.tabular.reasons import problem_text


def problems(batch) -> dict[int, list[str]]:
    """Row number -> 'column: message' for every rejected row."""
    return {
        row.row_number: [f"{p['column']}: {problem_text(p)}" for p in [*row.errors, *row.conflicts]]
        for row in BatchRow.objects.filter(batch=batch, outcome="rejected")
    }


def registry_snapshot() -> tuple:
    return (
        sorted(Household.objects.values_list("kk", "roof", "status")),
        sorted(Person.objects.values_list("nik", "name", "status", "household__kk")),
    )


@pytest.fixture
def registered(upload, commit):
    """Sutrisno's family of three is already in the registry."""
    commit(upload(csv_bytes(family())))
    return registry_snapshot()


def xlsx_bytes(rows: list[list]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# -------------------------------------------------------------------- whole-file problems


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "Berkas kosong."),
        (",".join(HEADERS).encode(), "hanya berisi judul kolom"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "terkunci kata sandi"),
        (xlsx_bytes([HEADERS, list(member().values())])[:900], "rusak atau terpotong"),
        (b"nama,nik\nSutrisno,3505011203850001\n", "Kolom wajib tidak ada: aksi, no_kk, kode_desa"),
        (b"aksi,aksi,no_kk\n", "Kolom muncul lebih dari sekali: aksi"),
    ],
    ids=[
        "empty",
        "header-only",
        "password-protected",
        "truncated-xlsx",
        "missing-columns",
        "duplicate-columns",
    ],
)
def test_an_unreadable_file_says_why_and_changes_nothing(registered, upload, content, message):
    batch = upload(content, name="batch.xlsx" if content[:2] == b"PK" else "batch.csv")
    assert batch.state == "unreadable"
    assert any(message in m for m in file_problem_texts(batch.file_errors)), batch.file_errors
    assert registry_snapshot() == registered


def test_a_file_over_the_size_limit_is_refused_before_anything_is_stored(people, monkeypatch):
    monkeypatch.setattr(
        "households.imports.REGISTRY_BATCH",
        dataclasses.replace(imports.REGISTRY_BATCH, max_bytes=100),
    )
    with pytest.raises(ValidationError, match="Berkas lebih dari"):
        batch_upload(
            user=people.blitar_social_operator, upload=io.BytesIO(b"x" * 1000), filename="besar.csv"
        )


# -------------------------------------------------------------------- encodings and layouts


def test_latin1_file_is_read_with_a_warning(upload):
    rows = family()
    rows[0]["nama"] = "Sutrisno Hadí"
    batch = upload(csv_bytes(rows, encoding="latin-1"))
    assert batch.rows_new == 3
    assert any("Windows-1252" in w for w in file_problem_texts(batch.file_warnings))
    assert BatchRow.objects.get(batch=batch, row_number=2).name == "Sutrisno Hadí"


def test_utf8_with_bom_semicolons_and_comma_decimals(upload):
    rows = family(luas_lantai="36,4")
    batch = upload(b"\xef\xbb\xbf" + csv_bytes(rows, delimiter=";"))
    assert (batch.rows_new, batch.rows_rejected) == (3, 0), problems(batch)
    assert BatchRow.objects.filter(batch=batch, floor_area_m2=36).count() == 3


def test_reordered_differently_cased_and_extra_columns(upload):
    headers = [*reversed(HEADERS), "catatan_petugas"]
    content = csv_bytes(family(), headers=headers)
    content = content.replace(b"nik,", b"NIK,", 1).replace(b"nama", b"Nama", 1)
    batch = upload(content)
    assert batch.rows_new == 3, problems(batch)
    assert any("catatan_petugas" in w for w in file_problem_texts(batch.file_warnings))


@pytest.mark.parametrize("change", ["cell missing", "cell extra"])
def test_a_row_with_another_number_of_cells_is_named(registered, upload, change):
    lines = csv_bytes(family()).decode().splitlines()
    lines[2] = lines[2].rsplit(",", 1)[0] if change == "cell missing" else lines[2] + ",x"
    batch = upload("\n".join(lines).encode())
    assert batch.state == "unreadable"
    found = "; ".join(file_problem_texts(batch.file_errors))
    assert "baris 3 berisi" in found, found
    assert f"judul berisi {len(HEADERS)} kolom" in found, found
    assert registry_snapshot() == registered


def test_identifiers_stored_as_excel_numbers_are_rejected_with_the_reason(upload):
    head = member()
    values = [head.get(h, "") for h in HEADERS]
    values[HEADERS.index("nik")] = 3505011203850001
    values[HEADERS.index("no_kk")] = 3505010101200001
    batch = upload(xlsx_bytes([HEADERS, values]), name="batch.xlsx")
    found = problems(batch)[2]
    assert any(p.startswith("nik: NIK tersimpan sebagai angka Excel") for p in found)
    assert any(p.startswith("no_kk: No. KK tersimpan sebagai angka Excel") for p in found)


def test_scientific_notation_in_csv_is_a_lost_digit(upload):
    batch = upload(csv_bytes([member(nik="3.50501E+15")]))
    assert (
        "nik: NIK tersimpan sebagai angka Excel dan kehilangan digit; format kolom sebagai Teks"
        in problems(batch)[2]
    )


@pytest.mark.parametrize("written", ["12-03-1985", "12/03/1985", "31118"])
def test_dates_in_indonesian_and_excel_forms(upload, written):
    batch = upload(csv_bytes([member(tanggal_lahir=written)]))
    row = BatchRow.objects.get(batch=batch, row_number=2)
    assert row.outcome == "new", problems(batch)
    assert row.birth_date.isoformat() == "1985-03-12"


# -------------------------------------------------------------------- row problems


def test_duplicate_nik_inside_the_batch(upload):
    rows = family()
    rows[2]["nik"] = rows[1]["nik"]
    found = problems(upload(csv_bytes(rows)))
    assert "nik: NIK muncul lebih dari sekali dalam batch ini" in found[3]
    assert "nik: NIK muncul lebih dari sekali dalam batch ini" in found[4]
    assert "no_kk: ditolak karena baris lain dengan No. KK yang sama ditolak" in found[2]


def test_a_nik_already_in_another_household(registered, upload):
    other = member(
        no_kk="3505010101200002",
        nik="3505015708880001",
        nama="Siti",
        jenis_kelamin="P",
        tanggal_lahir="1988-08-17",
    )
    found = problems(upload(csv_bytes([other])))
    assert "nik: NIK sudah terdaftar pada KK lain; pindahkan dengan aksi perbaikan" in found[2]


def test_two_heads_or_none(upload):
    rows = family()
    rows[1]["hubungan_keluarga"] = "kepala"
    assert (
        "hubungan_keluarga: KK ini memiliki lebih dari satu kepala keluarga"
        in problems(upload(csv_bytes(rows)))[2]
    )
    headless = [r | {"hubungan_keluarga": "anak"} for r in family()]
    assert any(
        "tidak memiliki kepala keluarga" in p for p in problems(upload(csv_bytes(headless)))[2]
    )


def test_a_deceased_head_without_a_successor(registered, upload):
    rows = [member(aksi="hapus", alasan_hapus="meninggal", nik="3505011203850001")]
    found = problems(upload(csv_bytes(rows)))
    assert any("tidak memiliki kepala keluarga" in p for p in found[2])
    assert registry_snapshot() == registered


def _wife_becomes_head() -> dict[str, str]:
    """Siti Aminah, registered as Sutrisno's wife, is made head of the family."""
    return member(
        aksi="perbaikan",
        nik="3505015708880001",
        hubungan_keluarga="kepala",
        jenis_kelamin="P",
        nama="Siti Aminah",
        tanggal_lahir="1988-08-17",
    )


def test_a_deceased_head_with_a_successor_is_accepted(registered, upload, commit):
    rows = [
        member(aksi="hapus", alasan_hapus="meninggal", nik="3505011203850001"),
        _wife_becomes_head(),
    ]
    batch = upload(csv_bytes(rows))
    assert (batch.rows_removed, batch.rows_changed, batch.rows_rejected) == (1, 1, 0), problems(
        batch
    )
    commit(batch)
    assert Person.objects.get(nik="3505011203850001").status == "deceased"
    assert Person.objects.get(nik="3505015708880001").relation == "kepala"


def test_unknown_and_out_of_scope_villages(people, upload):
    rows = [
        *family(kk="3505010101200001", village="35.05.01.2999"),
        *family(kk="3509010101200002", village="35.09.01.2001"),
    ]
    found = problems(upload(csv_bytes(rows)))
    assert "kode_desa: kode desa tidak ada dalam daftar wilayah Kemendagri" in found[2]
    assert "kode_desa: desa ini di luar wilayah kerja Anda" in found[5]


def test_a_village_operator_only_touches_their_village(people, upload):
    rows = [*family(kk="3505010101200001"), *family(kk="3505020101200002", village="35.05.02.2001")]
    batch = upload(csv_bytes(rows), user=people.jaten_village_operator)
    assert batch.rows_new == 3
    assert "kode_desa: desa ini di luar wilayah kerja Anda" in problems(batch)[5]


def test_hapus_without_a_reason(registered, upload):
    found = problems(upload(csv_bytes([member(aksi="hapus", nik="3505010509190001")])))
    assert "alasan_hapus: wajib diisi bila aksi hapus" in found[2]


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (
            '=HYPERLINK("http://x")',
            "nama: diawali =, + atau @ (rumus spreadsheet); tulis tanpa tanda itu",
        ),
        ("A" * 1000, "nama: terlalu panjang (paling banyak 100 karakter)"),
        ("Sutri\x07sno", "nama: mengandung karakter kontrol yang tidak terlihat"),
    ],
    ids=["formula", "1000-characters", "control-character"],
)
def test_dangerous_or_oversized_text(upload, value, message):
    rows = family()
    rows[0]["nama"] = value
    assert message in problems(upload(csv_bytes(rows)))[2]


def test_invalid_nik_and_values_name_the_column(upload):
    rows = [member(nik="3505013203850001", jenis_kelamin="X", atap="jerami", desil="11")]
    found = problems(upload(csv_bytes(rows)))[2]
    assert "nik: NIK: tanggal lahir pada digit 7–8 harus 01–31 atau 41–71" in found
    assert "jenis_kelamin: isi L atau P" in found
    assert any(p.startswith("atap: bukan pilihan yang sah; pilihan: beton, genteng") for p in found)
    assert "desil: harus bilangan 1–10" in found


def test_rejected_rows_download_lists_the_reasons_ready_to_fix(upload, login, people):
    rows = family()
    rows[0]["tanggal_lahir"] = "31-02-1985"
    batch = upload(csv_bytes(rows))
    response = login(people.blitar_social_operator).get(f"/registri/batch/{batch.pk}/ditolak.csv")
    text = response.content.decode("utf-8-sig")
    lines = text.splitlines()
    assert lines[0].startswith("baris,aksi,alasan_hapus,no_kk")
    assert "31-02-1985" in lines[1] and "tanggal_lahir: bukan tanggal yang dikenali" in lines[1]
    assert len(lines) == 4  # the whole KK is refused together


def test_a_failure_during_commit_leaves_the_registry_as_it_was(
    registered, upload, commit, monkeypatch
):
    batch = upload(csv_bytes([member(aksi="perbaikan", nik="3505011203850001", atap="seng")]))

    def crash(**kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr("households.commit.household_facts_refresh", crash)
    with pytest.raises(RuntimeError):
        commit(batch)
    assert registry_snapshot() == registered
    batch.refresh_from_db()
    assert batch.state == "validated"


def test_a_row_without_action_kk_or_nik_is_rejected(upload):
    rows = family()
    rows[0]["aksi"] = ""
    rows[1]["no_kk"] = ""
    rows[2]["nik"] = " "
    found = problems(upload(csv_bytes(rows)))
    assert "aksi: wajib diisi: tetap, perbaikan, baru atau hapus" in found[2]
    assert "no_kk: No. KK wajib diisi" in found[3]
    assert "nik: NIK wajib diisi" in found[4]


def _head_moves_to(kk: str) -> dict[str, str]:
    return member(aksi="perbaikan", nik="3505011203850001", no_kk=kk)


def test_moving_the_head_away_cannot_leave_the_old_kk_without_a_head(registered, upload):
    batch = upload(csv_bytes([_head_moves_to("3505010101200009")]))
    assert batch.rows_changed == 0
    assert problems(batch)[2] == [
        "hubungan_keluarga: kepala keluarga pindah dari KK 3505010101200001 dan KK itu tidak "
        "lagi memiliki kepala; tetapkan kepala baru untuk KK 3505010101200001 dalam batch "
        "yang sama"
    ]
    assert registry_snapshot() == registered


def test_moving_the_head_away_with_a_new_head_for_the_old_kk(registered, upload, commit):
    rows = [
        _head_moves_to("3505010101200009"),
        _wife_becomes_head(),
    ]
    batch = upload(csv_bytes(rows))
    assert (batch.rows_changed, batch.rows_rejected) == (2, 0), problems(batch)
    commit(batch)
    assert Person.objects.get(nik="3505011203850001").household.kk == "3505010101200009"
    old = Household.objects.get(kk="3505010101200001")
    assert list(old.members.filter(relation="kepala").values_list("nik", flat=True)) == [
        "3505015708880001"
    ]


def test_moving_a_member_who_is_not_the_head_needs_nothing_more(registered, upload):
    child = member(
        aksi="perbaikan",
        nik="3505010509190001",
        no_kk="3505010101200009",
        hubungan_keluarga="kepala",
        nama="Budi",
        tanggal_lahir="2019-09-05",
    )
    batch = upload(csv_bytes([child]))
    assert (batch.rows_changed, batch.rows_rejected) == (1, 0), problems(batch)


def test_a_row_failing_several_checks_lists_every_reason_in_order(upload):
    twice = member(
        aksi="perbaikan",
        no_kk="3509010101200003",
        kode_desa="35.09.01.2999",
        nik="3505011203850001",
    )
    batch = upload(csv_bytes([twice, twice]))
    codes = [p["code"] for p in BatchRow.objects.get(batch=batch, row_number=2).conflicts]
    assert codes == [
        "nik_twice_in_batch",
        "village_unknown",
        "village_out_of_scope",
        "nik_not_registered",
    ]
