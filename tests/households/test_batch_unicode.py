"""Digits of other scripts, invisible characters and names in other scripts, from upload
through validation to commit: each is either read as the operator meant it or refused with
a reason on its row; none fails the job or the commit."""

from __future__ import annotations

from datetime import date

import pytest
from django.utils import translation

from households.models import BatchRow, Household, Person
from households.selectors import HouseholdFilters, household_list
from tests.households.batchfiles import csv_bytes, family, member
from tkpk.tabular.reasons import problem_text

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


NAMES = {
    "javanese": ("ꦱꦸꦠꦿꦶꦱ꧀ꦤ", "ꦱꦸꦠꦿꦶꦱ꧀ꦤ"),
    "cyrillic": ("Иван Петров", "ИВАН ПЕТРОВ"),
    "arabic": ("محمد\u200f", "محمد"),
    "accented": ("Sutrisno Hadí", "SUTRISNO HADI"),
    "longer-once-folded": ("ǅ" * 100, "DZ" * 50),
}


@pytest.mark.parametrize("script", NAMES, ids=list(NAMES))
def test_a_name_in_any_script_is_committed_and_found_by_name(upload, commit, people, script):
    written, key = NAMES[script]
    batch = upload(csv_bytes([member(nama=written)]))
    assert (batch.rows_new, batch.rows_rejected) == (1, 0), problems(batch)
    commit(batch)
    person = Person.objects.get(nik="3505011203850001")
    assert (person.name, person.name_search) == (written, key)
    query = written.split()[0][:20]
    found = household_list(user=people.blitar_social_operator, filters=HouseholdFilters(query))
    assert list(found.values_list("kk", flat=True)) == ["3505010101200001"]


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("\u200b", "hanya berisi karakter yang tidak terlihat"),
        ("\u200b\u200d\ufeff", "hanya berisi karakter yang tidak terlihat"),
        ("\u3164", "hanya berisi karakter yang tidak terlihat"),  # Hangul filler, a "letter"
        ("\u00a0\u200b\u2003", "hanya berisi karakter yang tidak terlihat"),
        ("123", "harus berisi sedikitnya satu huruf"),
        ("\u0301", "harus berisi sedikitnya satu huruf"),  # a lone accent
        ("١٢٣", "harus berisi sedikitnya satu huruf"),
    ],
)
def test_a_name_without_a_letter_is_refused_and_the_commit_changes_nothing(
    upload, commit, name, reason
):
    # given one family already registered
    commit(upload(csv_bytes(family(kk="3505010101200009"))))
    before = registry()

    # when a new family arrives whose head's name shows no letter
    rows = family()
    rows[0]["nama"] = name
    batch = upload(csv_bytes(rows))

    # then the head's row says why, the family is refused together, and committing the
    # batch (nothing left to add) leaves the registry as it was
    assert (batch.rows_new, batch.rows_rejected) == (0, 3)
    assert any(p.startswith(f"nama: {reason}") for p in problems(batch)[2]), problems(batch)
    commit(batch)
    assert registry() == before


def test_the_reason_reads_in_english_too(upload, login, people):
    batch = upload(csv_bytes([member(nama="\u200b")]))
    client = login(people.blitar_social_operator)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    text = client.get(f"/registri/batch/{batch.pk}/ditolak.csv").content.decode("utf-8-sig")
    assert "nama: contains only invisible characters" in text
