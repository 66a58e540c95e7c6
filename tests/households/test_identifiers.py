from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from households.identifiers import kk_check, nik_check, nik_errors
from tkpk.tabular.reasons import key_text

BLITAR_DISTRICTS = {"35.05.01"}


@pytest.mark.parametrize(
    ("nik", "error"),
    [
        ("3505011203850001", ""),
        ("3505015203850001", ""),  # a woman born on the 12th: 12 + 40
        ("3505017103850001", ""),  # day 71 = the 31st, a woman
        ("3505013203850001", "NIK: tanggal lahir pada digit 7–8 harus 01–31 atau 41–71"),
        ("3505017203850001", "NIK: tanggal lahir pada digit 7–8 harus 01–31 atau 41–71"),
        ("3505010003850001", "NIK: tanggal lahir pada digit 7–8 harus 01–31 atau 41–71"),
        ("3505013102850001", "NIK: digit 7–12 bukan tanggal yang ada"),
        ("3505012902230001", "NIK: digit 7–12 bukan tanggal yang ada"),  # 2023 is not leap
        ("3505012902240001", ""),
        ("3505011203850000", "NIK: nomor urut (4 digit terakhir) tidak boleh 0000"),
        # Papua (94): above 2**53, where a float would round the serial to its neighbour
        ("9471015506900001", ""),
        ("9471015506900000", "NIK: nomor urut (4 digit terakhir) tidak boleh 0000"),
        ("350501120385001", "NIK harus 16 angka (tertulis 15 karakter)"),
        ("35050112038500A1", "NIK harus 16 angka (tertulis 16 karakter)"),
        (
            "3.50501E+15",
            "NIK tersimpan sebagai angka Excel dan kehilangan digit; format kolom sebagai Teks",
        ),
        ("", "NIK wajib diisi"),
        # Digits of other scripts reach these rules only from callers that store what they
        # check (a batch writes them as 0-9 first): named, never a crash.
        (
            "３５０５０１１２０３８５０００１",
            "NIK ditulis dengan angka selain 0–9 (misalnya angka lebar penuh atau Arab); "
            "tulis ulang dengan angka 0–9",
        ),
        (
            "٣٥٠٥٠١١٢٠٣٨٥٠٠٠١",
            "NIK ditulis dengan angka selain 0–9 (misalnya angka lebar penuh atau Arab); "
            "tulis ulang dengan angka 0–9",
        ),
        ("3505011203850001²", "NIK harus 16 angka (tertulis 17 karakter)"),
    ],
)
def test_nik_rules(nik, error):
    key = nik_errors(pd.Series([nik])).iloc[0]
    assert (key_text(key) if key else "") == error


def test_an_unknown_issuing_region_is_only_a_warning():
    check = nik_check("9201011203850001", known_districts=BLITAR_DISTRICTS)
    assert check.ok
    assert check.warnings == ["NIK: kode wilayah 92.01.01 tidak ada di daftar wilayah saat ini"]


def test_sex_and_birth_date_disagreements_are_warnings():
    check = nik_check(
        "3505011203850001", sex="P", birth_date=date(1985, 3, 13), known_districts=BLITAR_DISTRICTS
    )
    assert check.ok
    assert check.warnings == [
        "NIK menunjukkan jenis kelamin lain dari yang tertulis",
        "NIK menunjukkan tanggal lahir lain dari yang tertulis",
    ]


def test_a_consistent_nik_has_no_warning():
    check = nik_check(
        "3505015203850001", sex="P", birth_date=date(1985, 3, 12), known_districts=BLITAR_DISTRICTS
    )
    assert check.ok and check.warnings == []


@pytest.mark.parametrize(
    ("kk", "ok"),
    [
        ("3505010101200001", True),
        ("350501010120000", False),
        ("0505010101200001", False),
        ("3.50501E+15", False),
        ("9605010101200001", True),
        ("9705010101200001", False),  # no province 97
        ("３５０５０１０１０１２０００１", False),
    ],
)
def test_kk_rules(kk, ok):
    assert kk_check(kk).ok is ok


def test_a_single_nik_in_other_digits_is_a_reason_not_a_crash():
    check = nik_check("３５０５０１１２０３８５０００１")
    assert check.errors[0].startswith("NIK ditulis dengan angka selain 0–9")


def test_a_papua_nik_keeps_its_digits_beside_a_malformed_one():
    """A malformed NIK in the same chunk used to turn the numbers into floats, which cannot
    hold 16 digits above 2**53: the odd serial 0001 of a Papua NIK became 0000."""
    niks = pd.Series(
        ["9471015506900001", "3.50501E+15", "9471015506900003"],
        index=[200_002, 200_003, 200_005],
        dtype="string[pyarrow]",
    )
    assert nik_errors(niks).tolist() == ["", "nik_excel_number", ""]
