from __future__ import annotations

from programs.models import Recipient
from programs.recipients.batches import recipient_batch_commit
from tests.programs.recipientfiles import list_bytes

SUTRISNO = "3505011203850001"  # head of KK 3505010101200001 in Jaten
SITI = "3505015708880001"
UNKNOWN = "3505011203859999"


def test_a_list_is_previewed_then_committed_and_listed(registry, upload_list, people):
    batch = upload_list(
        list_bytes(
            [
                {
                    "nik": SUTRISNO,
                    "nama": "Sutrisno",
                    "kode_desa": "35.05.01.2001",
                    "nominal": "3.000.000",
                },
                {"nik": UNKNOWN, "nama": "Tidak Dikenal", "kode_desa": "35.05.01.2001"},
                {"no_kk": "3505010101200002", "nama": "Keluarga dua"},
            ]
        )
    )
    assert batch.state == "validated", batch.file_errors
    assert (batch.rows_new, batch.rows_unchanged, batch.rows_rejected) == (3, 0, 0)
    assert batch.rows_not_in_registry == 1
    assert not Recipient.objects.exists()

    recipient_batch_commit(batch_id=batch.pk, user=people.blitar_social_operator)
    sutrisno = Recipient.objects.get(nik=SUTRISNO)
    assert sutrisno.person.nik == SUTRISNO
    assert sutrisno.household == registry["jaten"]
    assert sutrisno.region_id == "35.05.01.2001"
    assert sutrisno.amount == 3_000_000
    unknown = Recipient.objects.get(nik=UNKNOWN)
    assert unknown.person is None and unknown.region_id == "35.05.01.2001"
    family = Recipient.objects.get(kk="3505010101200002")
    assert family.household == registry["jaten2"] and family.nik == ""
