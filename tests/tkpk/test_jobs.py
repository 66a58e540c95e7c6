from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from datetime import timedelta

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from tests.conftest import uses_postgres, uses_redis
from tests.personas import BLITAR
from tkpk.jobs import JOB_KINDS, JobError, JobKind
from tkpk.models import AuditEntry, Job
from tkpk.services.jobs import job_create, job_run, jobs_fail_stale


def wait_for(predicate, *, seconds: float = 30.0) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.1)
    raise AssertionError("condition not met in time")


def test_a_job_is_queued_only_when_its_transaction_commits(
    people, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        job = job_create(
            kind="worker_check",
            user=people.blitar_secretariat,
            region=people.blitar_secretariat.role_assignments.get().region,
            parameters={"steps": 2, "seconds_per_step": 0},
        )
    assert len(callbacks) == 1
    assert Job.objects.get(pk=job.pk).state == Job.State.QUEUED


def test_the_progress_page_shows_state_and_polls_until_finished(people, login):
    client = login(people.blitar_secretariat)
    job = Job.objects.create(
        kind="worker_check",
        created_by=people.blitar_secretariat,
        region_id=BLITAR,
        state=Job.State.RUNNING,
        done=3,
        total=10,
        heartbeat_at=timezone.now(),
        message="Langkah 3 dari 10",
    )
    fragment = client.get(reverse("jobs:status", args=[job.pk])).content.decode()
    assert "Berjalan" in fragment and "Langkah 3 dari 10" in fragment
    assert 'hx-trigger="every 1s"' in fragment and 'value="30"' in fragment
    Job.objects.filter(pk=job.pk).update(state=Job.State.SUCCEEDED)
    finished = client.get(reverse("jobs:status", args=[job.pk])).content.decode()
    assert "Selesai" in finished and "hx-trigger" not in finished


def test_a_job_whose_worker_went_silent_is_marked_failed_with_a_reason(people, login, settings):
    settings.JOB_STALE_AFTER = timedelta(minutes=5)
    job = Job.objects.create(
        kind="worker_check",
        created_by=people.blitar_secretariat,
        region_id=BLITAR,
        state=Job.State.RUNNING,
        heartbeat_at=timezone.now() - timedelta(minutes=6),
    )
    fresh = Job.objects.create(
        kind="worker_check",
        created_by=people.blitar_secretariat,
        region_id=BLITAR,
        state=Job.State.RUNNING,
        heartbeat_at=timezone.now(),
    )
    page = (
        login(people.blitar_secretariat).get(reverse("jobs:detail", args=[job.pk])).content.decode()
    )
    assert "Pekerja latar berhenti tanpa kabar" in page
    job.refresh_from_db(), fresh.refresh_from_db()
    assert job.state == Job.State.FAILED and job.finished_at is not None
    assert fresh.state == Job.State.RUNNING
    assert AuditEntry.objects.filter(action="job_failed", object_id=str(job.pk)).exists()


def exploding_handler(*, job, progress) -> str:
    """A handler with a bug: its exception text must never reach the person."""
    progress(1, 10, "Langkah 1 dari 10")
    raise RuntimeError("relation tkpk_rahasia does not exist at /srv/tkpk/households/x.py")


def refusing_handler(*, job, progress) -> str:
    raise JobError("Registri berubah; tinjau pratinjau yang baru.")


@pytest.fixture
def handled_by(monkeypatch, people):
    """A job of a kind whose handler is ``handler``, started by the Blitar secretariat."""

    def _job(handler) -> Job:
        monkeypatch.setitem(JOB_KINDS, "worker_check", JobKind(handler, "uji"))
        return Job.objects.create(
            kind="worker_check", created_by=people.blitar_secretariat, region_id=BLITAR
        )

    return _job


SECRET = "tkpk_rahasia"


def test_an_unexpected_error_fails_the_job_with_a_reference_not_the_exception(
    handled_by, people, login, api, caplog
):
    # given a handler that raises
    job = handled_by(exploding_handler)
    # when the job runs
    job_run(job_id=job.pk)
    # then the job failed and keeps the exception for the team only
    job.refresh_from_db()
    assert job.state == Job.State.FAILED and job.finished_at is not None
    assert SECRET not in job.error and f"#{job.pk}" in job.error
    assert "Traceback" in job.error_detail and SECRET in job.error_detail
    logged = [r for r in caplog.records if r.getMessage() == "job failed"]
    assert logged and logged[0].exc_info and logged[0].job_id == job.pk
    audit = AuditEntry.objects.get(action="job_failed", object_id=str(job.pk))
    assert SECRET not in str(audit.detail)

    client = login(people.blitar_secretariat)
    for url in (reverse("jobs:detail", args=[job.pk]), reverse("jobs:status", args=[job.pk])):
        page = client.get(url).content.decode()
        assert "kesalahan yang tidak terduga" in page and f"#{job.pk}" in page
        assert SECRET not in page and "Traceback" not in page and "RuntimeError" not in page
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = client.get(reverse("jobs:detail", args=[job.pk])).content.decode()
    assert "failed because of an unexpected error" in page and f"#{job.pk}" in page

    answer = api()
    answer.force_authenticate(people.blitar_secretariat)
    for language, words in (("id", "tidak terduga"), ("en", "unexpected error")):
        body = answer.get(
            reverse("api-job-detail", args=[job.pk]), HTTP_ACCEPT_LANGUAGE=language
        ).json()
        assert body["state"] == "failed" and words in body["error"], body
        assert SECRET not in str(body) and "Traceback" not in str(body)


def test_a_refusal_written_for_the_user_is_shown_as_it_is(handled_by):
    job = handled_by(refusing_handler)
    job_run(job_id=job.pk)
    job.refresh_from_db()
    assert job.state == Job.State.FAILED
    assert job.error_for_user == "Registri berubah; tinjau pratinjau yang baru."
    assert job.error_detail == ""


def test_jobs_that_failed_before_keep_their_exception_for_the_admin_only(people):
    import importlib

    from django.apps import apps

    migration = importlib.import_module("tkpk.migrations.0006_job_error_detail")
    job = Job.objects.create(
        kind="worker_check",
        created_by=people.blitar_secretariat,
        region_id=BLITAR,
        state=Job.State.FAILED,
        error=f"Kesalahan saat menjalankan: relation {SECRET} does not exist",
    )
    migration.hide_exception_texts(apps, None)
    job.refresh_from_db()
    assert SECRET not in job.error and SECRET not in job.error_for_user
    assert SECRET in job.error_detail


def test_running_a_finished_job_again_changes_nothing(people):
    job = Job.objects.create(
        kind="worker_check",
        created_by=people.blitar_secretariat,
        region_id=BLITAR,
        state=Job.State.SUCCEEDED,
        done=5,
        total=5,
    )
    job_run(job_id=job.pk)
    job.refresh_from_db()
    assert job.state == Job.State.SUCCEEDED and job.started_at is None


def test_worker_check_runs_end_to_end_in_process(
    people, login, django_capture_on_commit_callbacks, settings
):
    if settings.REDIS_URL:
        pytest.skip("with REDIS_URL the job goes to a worker: see the worker tests")
    client = login(people.blitar_secretariat)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("jobs:worker-check"))
    page = client.get(response["Location"]).content.decode()
    assert "Selesai" in page and 'value="100"' in page


@uses_redis
@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_runs_the_job_and_reports_progress(regions, celery_worker):
    from tests.personas import cast

    people = cast()
    job = job_create(
        kind="worker_check",
        user=people.blitar_secretariat,
        region=people.blitar_secretariat.role_assignments.get().region,
        parameters={"steps": 4, "seconds_per_step": 0.3},
    )
    seen_running = []

    def finished():
        state = Job.objects.get(pk=job.pk)
        if state.state == Job.State.RUNNING and state.done:
            seen_running.append(state.done)
        return state.is_finished

    wait_for(finished)
    job.refresh_from_db()
    assert job.state == Job.State.SUCCEEDED, job.error
    assert job.done == job.total == 4
    assert seen_running, "progress was never visible while the job ran"


@uses_redis
@uses_postgres
@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_killed_worker_leaves_a_failed_job_not_a_running_one(regions, settings):
    from tests.personas import cast

    people = cast()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tkpk.settings.test",
        "DATABASE_URL": _database_url_of_the_test_db(),
    }
    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "tkpk",
            "worker",
            "--pool=solo",
            "--concurrency=1",
            "--without-heartbeat",
            "--without-gossip",
            "--without-mingle",
            "-Q",
            "celery",
            "-l",
            "WARNING",
        ],
        env=env,
        start_new_session=True,
    )
    try:
        job = job_create(
            kind="worker_check",
            user=people.blitar_secretariat,
            region=people.blitar_secretariat.role_assignments.get().region,
            parameters={"steps": 100, "seconds_per_step": 1},
        )
        wait_for(lambda: Job.objects.get(pk=job.pk).done >= 1, seconds=60)
        os.killpg(worker.pid, signal.SIGKILL)
        worker.wait(timeout=10)
    finally:
        if worker.poll() is None:
            os.killpg(worker.pid, signal.SIGKILL)

    settings.JOB_STALE_AFTER = timedelta(seconds=2)
    time.sleep(2.5)
    assert jobs_fail_stale() == 1
    job.refresh_from_db()
    assert job.state == Job.State.FAILED
    assert "Pekerja latar berhenti tanpa kabar" in job.error


def _database_url_of_the_test_db() -> str:
    params = connection.settings_dict
    return f"postgres://{params['USER']}@{params['HOST']}:{params['PORT']}/{params['NAME']}"


@pytest.mark.django_db(transaction=True)
def test_in_process_jobs_run_in_a_thread_so_progress_can_be_watched(regions, settings):
    if settings.REDIS_URL:
        pytest.skip("with REDIS_URL jobs go to Celery workers")
    from tests.personas import cast

    settings.TKPK_JOBS_IN_THREAD = True
    people = cast()
    job = job_create(
        kind="worker_check",
        user=people.blitar_secretariat,
        region=people.blitar_secretariat.role_assignments.get().region,
        parameters={"steps": 3, "seconds_per_step": 0.3},
    )
    assert Job.objects.get(pk=job.pk).state in (Job.State.QUEUED, Job.State.RUNNING)
    wait_for(lambda: Job.objects.get(pk=job.pk).is_finished)
    assert Job.objects.get(pk=job.pk).state == Job.State.SUCCEEDED
