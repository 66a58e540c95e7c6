"""Recipient-list rows' reasons stored as text (in the uploader's language) become codes
with parameters, translated when shown. Only rows with a reason are read; a text that is
not one of ours is kept and shown as it was written."""

from __future__ import annotations

from django.db import migrations

CHUNK = 2000


def reasons_to_codes(apps, schema_editor):
    import programs.recipients.imports  # noqa: F401  (registers the list's reason codes)
    from tkpk.tabular.reasons import problem_from_text

    RecipientBatchRow = apps.get_model("programs", "RecipientBatchRow")
    rows = RecipientBatchRow.objects.exclude(errors=[]).only("id", "errors")
    last = 0
    while True:
        chunk = list(rows.filter(id__gt=last).order_by("id")[:CHUNK])
        if not chunk:
            return
        for row in chunk:
            row.errors = [problem_from_text(p) for p in row.errors or []]
        RecipientBatchRow.objects.bulk_update(chunk, ["errors"])
        last = chunk[-1].id


class Migration(migrations.Migration):
    dependencies = [("programs", "0008_recipient_batch_digest")]

    operations = [migrations.RunPython(reasons_to_codes, migrations.RunPython.noop)]
