from __future__ import annotations

import io

import pytest
from django.db import DatabaseError, connection, transaction
from django.urls import reverse
from openpyxl import load_workbook

from tests.personas import JATEN, JEMBER
from tkpk.models import AuditAction, AuditEntry, Job
from tkpk.services.audit import audit_record
from tkpk.services.jobs import job_run


def test_the_audit_log_refuses_updates_in_the_database(people):
    entry = audit_record(actor=people.blitar_secretariat, action=AuditAction.LOGIN)
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEntry.objects.filter(pk=entry.pk).update(action="tampered")
    assert AuditEntry.objects.get(pk=entry.pk).action == AuditAction.LOGIN


def test_the_audit_log_refuses_deletes_on_postgres(people):
    if connection.vendor != "postgresql":
        pytest.skip("DELETE is refused by a PostgreSQL trigger; SQLite test runs need DELETE")
    entry = audit_record(actor=people.blitar_secretariat, action=AuditAction.LOGIN)
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEntry.objects.filter(pk=entry.pk).delete()
    assert AuditEntry.objects.filter(pk=entry.pk).exists()


def test_nobody_can_change_or_delete_entries_through_the_admin(people, client):
    from tkpk.models import User

    User.objects.create_superuser("admin", password="x")
    client.login(username="admin", password="x")
    entry = audit_record(actor=people.blitar_secretariat, action=AuditAction.LOGIN)
    change = client.post(reverse("admin:tkpk_auditentry_change", args=[entry.pk]), {"action": "x"})
    delete = client.post(reverse("admin:tkpk_auditentry_delete", args=[entry.pk]), {"post": "yes"})
    assert change.status_code == 403 and delete.status_code == 403
    assert AuditEntry.objects.get(pk=entry.pk).action == AuditAction.LOGIN


def test_auditors_filter_by_user_action_and_region(people, login):
    audit_record(actor=people.jaten_village_operator, action=AuditAction.LOGIN, region_code=JATEN)
    audit_record(actor=people.blitar_social_operator, action=AuditAction.LOGOUT)
    audit_record(actor=people.jember_secretariat, action=AuditAction.LOGIN, region_code=JEMBER)
    client = login(people.blitar_auditor)

    def usernames(**params):
        page = client.get(reverse("audit:list"), params).context["page"]
        return {e.actor_username for e in page}

    assert usernames() >= {"operator.jaten", "dinsos.blitar"}
    assert "sekretariat.jember" not in usernames()
    assert usernames(action="logout") == {"dinsos.blitar"}
    assert usernames(region="35.05.01") == {"operator.jaten"}
    assert usernames(actor="OPERATOR.JATEN") == {"operator.jaten"}
    assert usernames(region=JEMBER) == set()


def test_audit_export_runs_as_a_job_and_holds_only_the_region(
    people, login, django_capture_on_commit_callbacks
):
    audit_record(
        actor=people.jaten_village_operator,
        action=AuditAction.LOGIN,
        region_code=JATEN,
        object_label='=HYPERLINK("http://x")',
    )
    audit_record(actor=people.jember_secretariat, action=AuditAction.LOGIN, region_code=JEMBER)
    client = login(people.blitar_auditor)
    with django_capture_on_commit_callbacks() as queued:
        response = client.post(reverse("audit:export"), {"action": "login"})
    job = Job.objects.get(kind="audit_export")
    assert response["Location"] == reverse("jobs:detail", args=[job.pk])
    assert len(queued) == 1
    job_run(job_id=job.pk)  # what the worker does with the queued id
    job.refresh_from_db()
    assert job.state == Job.State.SUCCEEDED, job.error

    download = client.get(reverse("jobs:result", args=[job.pk]))
    sheet = load_workbook(io.BytesIO(b"".join(download.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    users = {row[1] for row in rows[1:]}
    assert "operator.jaten" in users and "sekretariat.jember" not in users
    assert any(row[5] == '\'=HYPERLINK("http://x")' for row in rows[1:])
    assert AuditEntry.objects.filter(
        action=AuditAction.AUDIT_EXPORTED, actor=people.blitar_auditor
    ).exists()


def test_a_reversed_date_range_is_explained_not_silently_empty(people, login):
    response = login(people.blitar_auditor).get(
        reverse("audit:list"), {"date_from": "2026-05-01", "date_to": "2026-04-01"}
    )
    body = response.content.decode()
    assert "Tanggal awal harus sebelum atau sama dengan tanggal akhir" in body
    assert response.context["page"] is None
