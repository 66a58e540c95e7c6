"""Recipient lists become ``tkpk.tabular`` uploaded batches: they keep the file's digest, as
registry batches do. Lists stored before have none (empty); their rows stay as they are.
The region's verbose name is the shared one (no change to the table)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("programs", "0007_run_person_index"),
        ("tkpk", "0006_job_error_detail"),
    ]

    operations = [
        migrations.AddField(
            model_name="recipientbatch",
            name="sha256",
            field=models.CharField(default="", max_length=64),
            preserve_default=False,
        ),
        migrations.AlterField(
            model_name="recipientbatch",
            name="region",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="tkpk.region",
                verbose_name="wilayah",
            ),
        ),
    ]
