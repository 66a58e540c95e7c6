"""Reasons stored as Indonesian text become codes with parameters, translated when shown.
Only rows with a reason are read (few: rejected or flagged rows); a text that is not one of
ours is kept and shown as it was written."""

from __future__ import annotations

from django.db import migrations
from django.db.models import Q

CHUNK = 2000


def reasons_to_codes(apps, schema_editor):
    from households.messages import problem_from_text

    BatchRow = apps.get_model("households", "BatchRow")
    rows = BatchRow.objects.filter(~Q(errors=[]) | ~Q(conflicts=[]) | ~Q(warnings=[])).only(
        "id", "errors", "conflicts", "warnings"
    )
    last = 0
    while True:
        chunk = list(rows.filter(id__gt=last).order_by("id")[:CHUNK])
        if not chunk:
            return
        for row in chunk:
            row.errors = [problem_from_text(p) for p in row.errors or []]
            row.conflicts = [problem_from_text(p) for p in row.conflicts or []]
            # Several NIK warnings used to share one entry, joined by "; ".
            row.warnings = [
                problem_from_text({**w, "message": part}) if "code" not in w else w
                for w in row.warnings or []
                for part in str(w.get("message", "-")).split("; ")
            ]
        BatchRow.objects.bulk_update(chunk, ["errors", "conflicts", "warnings"])
        last = chunk[-1].id


class Migration(migrations.Migration):
    dependencies = [("households", "0001_registry")]

    operations = [migrations.RunPython(reasons_to_codes, migrations.RunPython.noop)]
