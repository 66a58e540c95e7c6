"""Rows validated before batches matched only inside their region may hold what they saw of
another region: the fields in which its household differed, its village, and a reason that
told "registered elsewhere" apart from "unknown". Forget it, as validation does now."""

from django.db import migrations
from django.db.models import Q


def forget_other_regions(apps, schema_editor):
    VerificationBatch = apps.get_model("households", "VerificationBatch")
    BatchRow = apps.get_model("households", "BatchRow")
    Household = apps.get_model("households", "Household")
    for batch in VerificationBatch.objects.only("id", "region_id").iterator():
        region = batch.region_id

        def inside(field, region=region):
            return Q(**{field: region}) | Q(**{f"{field}__startswith": f"{region}."})

        elsewhere = Household.objects.exclude(inside("village__code")).values("id")
        rows = BatchRow.objects.filter(batch_id=batch.pk).filter(
            Q(household_id__in=elsewhere) | Q(person_household_id__in=elsewhere)
        )
        rows.exclude(inside("village_code")).update(village_code="")
        rows.update(person_id=None, household_id=None, person_household_id=None, changed_fields="")
        told = BatchRow.objects.filter(batch_id=batch.pk, conflicts__icontains="nik_out_of_scope")
        for row in told.iterator():
            row.conflicts = [
                {"column": "nik", "code": "nik_not_registered"}
                if problem.get("code") == "nik_out_of_scope"
                else problem
                for problem in row.conflicts
            ]
            row.save(update_fields=["conflicts"])


class Migration(migrations.Migration):
    dependencies = [("households", "0004_batch_rows_without_foreign_key_check")]

    operations = [migrations.RunPython(forget_other_regions, migrations.RunPython.noop)]
