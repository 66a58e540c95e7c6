"""A batch touches only its own region: a row that names a KK or NIK registered elsewhere
is refused on the old side and the new side, learns no more than it would about an unknown
number, and a commit checks again what validation matched."""

from __future__ import annotations

import pytest
from django.urls import reverse

from households.models import BatchRow, Household, Person
from households.services import BatchStaleError
from tests.households.batchfiles import csv_bytes, family, member
from tests.personas import JATEN, OTHER_BLITAR_VILLAGE, PADOMASAN
from tests.snapshots import REGISTRY, table_state

JEMBER_KK = "3509010101200002"
JEMBER_HEAD = "3505011203850002"  # family() numbers members by the KK's last digits
OTHER_VILLAGE_KK = "3505020101200003"
OTHER_VILLAGE_HEAD = "3505011203850003"
UNKNOWN = "3505011203859999"
NOT_REGISTERED = ("nik", "nik_not_registered")
UNKNOWN_AND_JEMBER = [(JEMBER_HEAD, "3505010101200013"), (UNKNOWN, "3505010101200014")]


@pytest.fixture
def two_regencies(people, upload, commit):
    """A family in Padomasan (Jember), registered by Jember; one in another Blitar village."""
    commit(
        upload(
            csv_bytes(family(kk=JEMBER_KK, village=PADOMASAN)),
            user=people.jember_social_operator,
        ),
        user=people.jember_social_operator,
    )
    commit(upload(csv_bytes(family(kk=OTHER_VILLAGE_KK, village=OTHER_BLITAR_VILLAGE))))
    return table_state(*REGISTRY)


def rows_of(batch) -> dict[int, BatchRow]:
    return {row.row_number: row for row in BatchRow.objects.filter(batch=batch)}


def codes(row: BatchRow) -> list[tuple[str, str]]:
    return [(p["column"], p["code"]) for p in [*row.errors, *row.conflicts]]


def test_a_new_member_cannot_join_a_family_card_of_another_regency(
    two_regencies, people, upload, commit
):
    # given a Blitar operator who writes a Jember KK with a Blitar village
    row = member(no_kk=JEMBER_KK, kode_desa=JATEN, nik="3505016601900001", nama="Ani")
    # when the batch is validated and committed
    batch = upload(csv_bytes([row]))
    committed = commit(batch)
    # then the row is refused for its KK and Jember's family stays in Padomasan, untouched
    refused = rows_of(batch)[2]
    assert refused.outcome == "rejected"
    assert ("no_kk", "kk_unavailable") in codes(refused)
    assert (refused.household_id, refused.changed_fields) == (None, "")
    assert committed.rows_new == 0
    assert table_state(*REGISTRY) == two_regencies
    assert Household.objects.get(kk=JEMBER_KK).village_id == PADOMASAN


def test_a_person_cannot_be_moved_into_a_family_card_of_another_regency(
    people, upload, commit, two_regencies
):
    commit(upload(csv_bytes(family())))
    before = table_state(*REGISTRY)
    moving = member(aksi="perbaikan", no_kk=JEMBER_KK, nik="3505010509190001", nama="Budi")
    moving.update(hubungan_keluarga="anak", tanggal_lahir="2019-09-05")
    batch = upload(csv_bytes([moving]))
    commit(batch)
    assert ("no_kk", "kk_unavailable") in codes(rows_of(batch)[2])
    assert table_state(*REGISTRY) == before


def test_a_nik_registered_elsewhere_reads_exactly_like_an_unknown_one(
    two_regencies, people, upload, api, login
):
    # Same rows but for the NIK: one registered in Jember, one registered nowhere. Each
    # moves its person into a new Blitar KK with a new decile, so every check runs.
    def correction(nik: str, kk: str) -> dict[str, str]:
        return member(aksi="perbaikan", nik=nik, no_kk=kk, desil="9", nama="Sutrisno")

    hapus = member(aksi="hapus", alasan_hapus="pindah", no_kk=JEMBER_KK, kode_desa="")
    pairs = [
        [correction(JEMBER_HEAD, "3505010101200011"), correction(UNKNOWN, "3505010101200012")],
        [{**correction(nik, kk), "aksi": "tetap"} for nik, kk in UNKNOWN_AND_JEMBER],
        [{**hapus, "nik": JEMBER_HEAD}, {**hapus, "nik": UNKNOWN}],
    ]
    client = api(people.bpjs_blitar_key)
    for registered_elsewhere, unknown in pairs:
        batch = upload(csv_bytes([registered_elsewhere, unknown]))
        found = rows_of(batch)
        assert NOT_REGISTERED in codes(found[2])
        assert codes(found[2]) == codes(found[3])
        for row in found.values():
            assert (row.person_id, row.changed_fields) == (None, "")
        # The API shows the two the same way, field for field but the number itself.
        response = client.get(reverse("api-batch-rows", args=[batch.pk]))
        listed = {row["row_number"]: row for row in response.json()["results"]}
        for field in ("outcome", "changed_fields", "problems", "warnings"):
            assert listed[2][field] == listed[3][field], field


def test_a_nik_registered_elsewhere_cannot_be_registered_again(two_regencies, upload, commit):
    newcomer = member(no_kk="3505010101200021", nik=JEMBER_HEAD, nama="Sutrisno")
    batch = upload(csv_bytes([newcomer]))
    commit(batch)
    refused = rows_of(batch)[2]
    assert ("nik", "nik_unavailable") in codes(refused)
    assert (refused.person_id, refused.changed_fields) == (None, "")
    assert table_state(*REGISTRY) == two_regencies
    assert Person.objects.get(nik=JEMBER_HEAD).household.kk == JEMBER_KK


def test_a_village_operator_cannot_touch_another_village_of_the_regency(
    two_regencies, people, upload, commit
):
    operator = people.jaten_village_operator
    # joining a family card of the other village, with the operator's own village
    joining = member(no_kk=OTHER_VILLAGE_KK, kode_desa=JATEN, nik="3505016601900002", nama="Ani")
    # correcting a person of the other village
    correcting = member(aksi="perbaikan", no_kk=OTHER_VILLAGE_KK, nik=OTHER_VILLAGE_HEAD, desil="9")
    for row, refusal in [(joining, ("no_kk", "kk_unavailable")), (correcting, NOT_REGISTERED)]:
        batch = upload(csv_bytes([row]), user=operator)
        refused = rows_of(batch)[2]
        assert refusal in codes(refused)
        assert (refused.person_id, refused.household_id, refused.changed_fields) == (None,) * 2 + (
            "",
        )
        commit(batch)  # approved by Dinas Sosial; the batch keeps its village scope
        assert table_state(*REGISTRY) == two_regencies


def test_a_commit_checks_again_what_another_region_took_meanwhile(people, upload, commit):
    # given a Blitar batch that creates KK 3505010101200031, validated
    blitar = upload(csv_bytes(family(kk="3505010101200031")))
    assert blitar.rows_new == 3
    # when Jember registers a family under the same KK before Blitar commits
    commit(
        upload(
            csv_bytes(family(kk="3505010101200031", village=PADOMASAN)),
            user=people.jember_social_operator,
        ),
        user=people.jember_social_operator,
    )
    before = table_state(*REGISTRY)
    # then Blitar's commit changes nothing and asks for a new validation
    with pytest.raises(BatchStaleError):
        commit(blitar)
    assert table_state(*REGISTRY) == before
    assert Household.objects.get(kk="3505010101200031").village_id == PADOMASAN


def test_moving_a_person_to_a_new_card_needs_its_village(people, upload, commit):
    commit(upload(csv_bytes(family())))
    before = table_state(*REGISTRY)
    moving = member(aksi="perbaikan", no_kk="3505010101200041", kode_desa="")
    moving.update(nik="3505010509190001", nama="Budi", hubungan_keluarga="kepala")
    moving.update(tanggal_lahir="2019-09-05")
    batch = upload(csv_bytes([moving]))
    assert ("kode_desa", "village_required_for_new_kk") in codes(rows_of(batch)[2])
    commit(batch)
    assert table_state(*REGISTRY) == before


def test_rows_validated_before_forget_what_they_saw_of_another_regency(two_regencies, upload):
    from importlib import import_module

    from django.apps import apps

    migration = import_module("households.migrations.0005_batch_rows_forget_other_regions")
    jember = Household.objects.get(kk=JEMBER_KK)
    batch = upload(csv_bytes([member(aksi="perbaikan", nik=UNKNOWN)]))
    # a row as the old validation stored it: matched in Jember, compared with it
    BatchRow.objects.filter(batch=batch).update(
        person_household_id=jember.pk,
        household_id=jember.pk,
        village_code=PADOMASAN,
        changed_fields="desil,",
        conflicts=[{"column": "nik", "code": "nik_out_of_scope"}],
    )
    migration.forget_other_regions(apps, None)
    row = BatchRow.objects.get(batch=batch)
    assert (row.household_id, row.person_household_id, row.changed_fields) == (None, None, "")
    assert row.village_code == ""
    assert codes(row) == [NOT_REGISTERED]
