"""The synthetic registry `make demo` loads is consistent data: every NIK agrees with its
row's sex and birth date and was issued by a district of the regency."""

from __future__ import annotations

import io

from households.models import BatchRow
from households.services import batch_upload, batch_validate
from households.synthetic import synthetic_registry_write
from tkpk.models import Region


def test_the_demo_batch_validates_without_a_warning(people, tmp_path):
    # given the batch `make demo` generates (generate_registry --regency 35.05
    # --households 2000 --seed 2026), written the way the command writes it
    villages = list(
        Region.objects.filter(code__startswith="35.05.", level=Region.Level.VILLAGE)
        .order_by("code")
        .values_list("code", flat=True)
    )
    path = tmp_path / "sintetis.csv"
    facts = synthetic_registry_write(path=path, villages=villages, households=2000, seed=2026)

    # when it is uploaded and validated like any batch
    batch = batch_upload(
        user=people.blitar_social_operator,
        upload=io.BytesIO(path.read_bytes()),
        filename=path.name,
        queue_validation=False,
    )
    batch_validate(batch=batch)
    batch.refresh_from_db()

    # then every row is new, none is rejected and none carries a warning: the generator
    # plants no disagreement, so any warning would be the checks' mistake (as the 7,104 of
    # 7,107 rows flagged when birth dates were compared with other rows' NIKs)
    assert batch.rows_total == facts.persons
    assert (batch.rows_new, batch.rows_rejected, batch.rows_with_warnings) == (facts.persons, 0, 0)
    assert not BatchRow.objects.filter(batch=batch).exclude(warnings=[]).exists()
