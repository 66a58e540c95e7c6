"""Digits of other scripts and invisible characters, from upload through validation to
commit: each is either read as the operator meant it or refused with a reason on its row;
none fails the job or the commit."""

from __future__ import annotations

from datetime import date

from django.utils import translation

from households.messages import problem_text
from households.models import BatchRow, Household, Person
from tests.households.batchfiles import csv_bytes, family, member

FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")
ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
DEVANAGARI = str.maketrans("0123456789", "०१२३४५६७८९")


def problems(batch) -> dict[int, list[str]]:
    """Row number -> 'column: reason' in Indonesian, whatever language a test left active."""
    with translation.override("id"):
        return {
            row.row_number: [
                f"{p['column']}: {problem_text(p)}" for p in [*row.errors, *row.conflicts]
            ]
            for row in BatchRow.objects.filter(batch=batch, outcome="rejected")
        }


def registry() -> tuple:
    return (
        sorted(Household.objects.values_list("kk", "rt", "welfare_decile")),
        sorted(Person.objects.values_list("nik", "name", "name_search", "birth_date")),
    )


def test_digits_of_other_scripts_and_invisible_marks_are_read_as_the_digits_they_are(
    upload, commit
):
    # given a family typed with a full-width keyboard, pasted from Arabic-script text (with
    # its direction marks) and from a web page (zero-width spaces, a byte-order mark)
    head, wife, child = family()
    kk = "3505010101200001"
    for row in (head, wife, child):
        row["no_kk"] = kk.translate(FULL_WIDTH)
    head["nik"] = head["nik"].translate(FULL_WIDTH)
    head["tanggal_lahir"] = "１９８５-０３-１２"
    head["rt"] = "\u200b０１"
    head["desil"] = "١"
    head["kode_desa"] = "\u200f" + "35.05.01.2001".translate(ARABIC_INDIC) + "\u200f"
    wife["nik"] = "\u200f" + wife["nik"].translate(ARABIC_INDIC) + "\u200f"
    child["nik"] = "\ufeff" + child["nik"][:8] + "\u200b" + child["nik"][8:].translate(DEVANAGARI)

    # when it is uploaded, validated and committed
    batch = upload(csv_bytes([head, wife, child]))
    assert (batch.rows_new, batch.rows_rejected) == (3, 0), problems(batch)
    commit(batch)

    # then the registry holds the numbers in 0-9, found like any other
    household = Household.objects.get(kk=kk)
    assert (household.village_id, household.rt, household.welfare_decile) == (
        "35.05.01.2001",
        "001",
        1,
    )
    assert sorted(household.members.values_list("nik", flat=True)) == [
        "3505010509190001",
        "3505011203850001",
        "3505015708880001",
    ]
    assert Person.objects.get(nik="3505011203850001").birth_date == date(1985, 3, 12)
    assert not BatchRow.objects.filter(batch=batch).exclude(warnings=[]).exists()


def test_what_is_not_a_decimal_digit_is_refused_on_its_row(upload):
    rows = [
        member(nik="35050112038500０²"),  # a superscript two is no digit of a NIK
        member(no_kk="3505010101200002", nik="3505 0112 0385 0002"),
        member(no_kk="3505010101200003", nik="\u200b"),
    ]
    found = problems(upload(csv_bytes(rows)))
    assert "nik: NIK harus 16 angka (tertulis 16 karakter)" in found[2]
    assert "nik: NIK harus 16 angka (tertulis 19 karakter)" in found[3]
    assert "nik: NIK wajib diisi" in found[4]
