from __future__ import annotations

from households.models import BatchRow, Household, HouseholdChange, Person
from tests.households.batchfiles import csv_bytes, family, member


def test_a_new_family_is_previewed_then_committed_with_history(upload, commit):
    batch = upload(csv_bytes(family()))
    assert batch.state == "validated", batch.file_errors
    assert (batch.rows_new, batch.rows_rejected) == (3, 0)
    assert not Household.objects.exists()

    commit(batch)
    household = Household.objects.get(kk="3505010101200001")
    assert household.village_id == "35.05.01.2001"
    assert household.member_count == 3
    assert household.school_age_7_18 == 1 or household.children_0_6 == 1
    assert household.bps_criteria_met >= 8
    assert Person.objects.filter(household=household).count() == 3
    assert (
        HouseholdChange.objects.filter(household=household, kind="household_created").count() == 1
    )


def test_uploading_the_same_batch_again_changes_nothing(upload, commit):
    content = csv_bytes(family())
    commit(upload(content))
    again = upload(content)
    assert (again.rows_new, again.rows_changed, again.rows_unchanged) == (0, 0, 3)
    changes_before = HouseholdChange.objects.count()
    commit(again)
    assert HouseholdChange.objects.count() == changes_before


def test_a_correction_records_before_and_after(upload, commit):
    commit(upload(csv_bytes(family())))
    batch = upload(
        csv_bytes(
            [member(aksi="perbaikan", nik="3505011203850001", nama="Sutrisno Hadi", atap="seng")]
        )
    )
    assert batch.rows_changed == 1, list(
        BatchRow.objects.filter(batch=batch).values("conflicts", "errors")
    )
    commit(batch)
    person = Person.objects.get(nik="3505011203850001")
    assert person.name == "Sutrisno Hadi"
    assert person.household.roof == "seng"
    change = HouseholdChange.objects.get(kind="member_changed")
    assert change.before["name"] == "Sutrisno" and change.after["name"] == "Sutrisno Hadi"


def test_facts_follow_age_when_recounted(upload, commit):
    from datetime import date

    from households.facts import household_facts_refresh

    commit(upload(csv_bytes(family())))
    household = Household.objects.get()
    # Budi, born 5 September 2019, is 6 until September 2026 and 7 after.
    household_facts_refresh(today=date(2026, 9, 4))
    household.refresh_from_db()
    assert (household.children_0_6, household.school_age_7_18) == (1, 0)
    household_facts_refresh(today=date(2026, 9, 5))
    household.refresh_from_db()
    assert (household.children_0_6, household.school_age_7_18) == (0, 1)


def test_a_batch_validated_before_another_commit_is_validated_again(upload, commit, people):
    import pytest

    from households.services import BatchStaleError

    first = upload(csv_bytes(family()))
    second = upload(csv_bytes(family(kk="3505010101200002")))
    commit(second)
    with pytest.raises(BatchStaleError, match="berubah sejak batch divalidasi"):
        commit(first)
    assert not Person.objects.filter(household__kk="3505010101200001").exists()
