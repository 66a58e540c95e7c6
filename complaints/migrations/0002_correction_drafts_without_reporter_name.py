"""Drafts opened from a complaint carried the reporter's name as the family's; clear it (the
village operator fills the family's name with the family)."""

from django.db import migrations


def clear_reporter_names(apps, schema_editor):
    Complaint = apps.get_model("complaints", "Complaint")
    CorrectionDraft = apps.get_model("households", "CorrectionDraft")
    for draft_id, name in Complaint.objects.filter(correction__isnull=False).exclude(
        reporter_name=""
    ).values_list("correction_id", "reporter_name"):
        CorrectionDraft.objects.filter(pk=draft_id, name=name[:100]).update(name="")


class Migration(migrations.Migration):
    dependencies = [
        ("complaints", "0001_complaints"),
        ("households", "0003_correction_draft"),
    ]

    operations = [migrations.RunPython(clear_reporter_names, migrations.RunPython.noop)]
