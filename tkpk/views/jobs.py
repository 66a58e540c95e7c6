from __future__ import annotations

from django.conf import settings
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from tkpk.models import Job
from tkpk.roles import Permission
from tkpk.selectors.jobs import job_get_for_user, job_list, job_subject
from tkpk.services.jobs import job_create_for_user, jobs_fail_stale
from tkpk.views.decorators import AuthenticatedRequest, role_required


@role_required()
def job_list_view(request: AuthenticatedRequest) -> HttpResponse:
    page = Paginator(job_list(user=request.user), 25).get_page(request.GET.get("hal"))
    return render(request, "tkpk/jobs/list.html", {"page": page})


@role_required()
def job_detail_view(request: AuthenticatedRequest, job_id: int) -> HttpResponse:
    job = _job_for_display(request, job_id)
    subject = job_subject(user=request.user, job=job)
    return render(
        request,
        "tkpk/jobs/detail.html",
        # With a page to go back to, the progress reloads the page when the job ends, so
        # the link to the result is offered at once.
        {"job": job, "subject": subject, "refresh_when_done": subject is not None},
    )


@role_required()
def job_status_view(request: AuthenticatedRequest, job_id: int) -> HttpResponse:
    """The progress fragment the detail page polls; it stops polling once the job ends."""
    job = _job_for_display(request, job_id)
    response = render(request, "tkpk/jobs/_status.html", {"job": job})
    if job.is_finished and request.GET.get("selesai") == "muat-ulang":
        # The page that embeds the progress shows the job's outcome: reload it.
        response["HX-Refresh"] = "true"
    return response


@role_required()
def job_result_view(request: AuthenticatedRequest, job_id: int) -> FileResponse:
    job = job_get_for_user(user=request.user, job_id=job_id)
    if job.state != Job.State.SUCCEEDED or not job.result_file:
        raise Http404
    path = (settings.PRIVATE_MEDIA_ROOT / job.result_file).resolve()
    if not path.is_relative_to(settings.PRIVATE_MEDIA_ROOT.resolve()) or not path.exists():
        raise Http404
    return FileResponse(path.open("rb"), as_attachment=True, filename=path.name)


@require_POST
@role_required(Permission.CHECK_WORKERS)
def worker_check_view(request: AuthenticatedRequest) -> HttpResponse:
    job = job_create_for_user(
        kind="worker_check",
        user=request.user,
        permission=Permission.CHECK_WORKERS,
        parameters={"steps": 5, "seconds_per_step": 0.5},
    )
    return redirect("jobs:detail", job_id=job.pk)


def _job_for_display(request: AuthenticatedRequest, job_id: int) -> Job:
    job = job_get_for_user(user=request.user, job_id=job_id)
    if job.state == Job.State.RUNNING and jobs_fail_stale():
        job.refresh_from_db()
    return job
