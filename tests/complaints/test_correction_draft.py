"""The registry correction drafted from a "poor but not registered" complaint describes the
family the complaint is about, never the person who reported it."""

from __future__ import annotations

import csv
import importlib
import io

from django.apps import apps
from django.urls import reverse

from households.models import CorrectionDraft

REPORTED_NIK = "3505011203850001"
REPORTED_KK = "3505010101200001"


def _csv_rows(client, draft) -> list[dict[str, str]]:
    response = client.get(reverse("households:correction-csv", args=[draft.pk]))
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_the_draft_carries_the_reported_family_not_the_reporter(people, filed, login):
    # given a neighbour, Bu Siti, reports a poor family that is not registered, with the
    # family's NIK and KK
    complaint = filed(
        nik=REPORTED_NIK,
        kk=REPORTED_KK,
        reporter_name="Siti Reporter",
        reporter_contact="0812 3456 7890",
        description="Keluarga Pak Sumarno miskin tetapi tidak pernah terdata.",
    )

    # when the secretariat opens a correction draft for the village operator
    login(people.blitar_secretariat).post(reverse("complaints:correction", args=[complaint.pk]))

    # then the draft's new household row is the reported family: its NIK and KK, and a name
    # left blank for the operator to fill with the family; Bu Siti appears nowhere
    draft = CorrectionDraft.objects.get()
    assert (draft.nik, draft.kk, draft.name) == (REPORTED_NIK, REPORTED_KK, "")
    operator = login(people.jaten_village_operator)
    [row] = _csv_rows(operator, draft)
    assert row["aksi"] == "baru"
    assert (row["nik"], row["no_kk"], row["nama"]) == (REPORTED_NIK, REPORTED_KK, "")
    listing = operator.get(reverse("households:correction-list")).content.decode()
    for page in (listing, str(row)):
        assert "Siti Reporter" not in page and "0812 3456 7890" not in page


def test_drafts_made_before_lose_the_reporter_name(people, filed, login):
    complaint = filed(nik=REPORTED_NIK, kk=REPORTED_KK, reporter_name="Siti Reporter")
    login(people.blitar_secretariat).post(reverse("complaints:correction", args=[complaint.pk]))
    # a draft written by the earlier code, with the reporter's name as the family's
    CorrectionDraft.objects.update(name="Siti Reporter")
    other = CorrectionDraft.objects.create(
        village_id="35.05.01.2001",
        kind="baru",
        name="Sumarno",
        source="operator",
        created_by=people.jaten_village_operator,
    )

    migration = importlib.import_module(
        "complaints.migrations.0002_correction_drafts_without_reporter_name"
    )
    migration.clear_reporter_names(apps, None)

    complaint.refresh_from_db()
    assert CorrectionDraft.objects.get(pk=complaint.correction_id).name == ""
    other.refresh_from_db()
    assert other.name == "Sumarno"  # a name the operator typed stays
