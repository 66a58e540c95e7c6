"""Every route and how its region scope is proven (see ``tests/scope/test_scope_matrix.py``)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.urls import reverse

from programs.models import (
    ProgramPeriod,
)
from tests.households.batchfiles import csv_bytes, family
from tests.personas import BLITAR, BLITAR_DISTRICT, JATEN, JEMBER, PADOMASAN
from tests.scope.conftest import World

Url = Callable[[World], str]


@dataclass(frozen=True)
class Listing:
    """A page or API list: what is in scope shows, what is out of scope never does."""

    url: Url
    user: str
    shows: Url
    hides: Url
    api: bool = False


@dataclass(frozen=True)
class Detail:
    """One object: served in scope; 404 out of scope and 404 when missing, the same answer."""

    in_scope: Url
    out_of_scope: Url
    missing: Url
    user: str
    api: bool = False
    method: str = "get"
    in_scope_status: int = 200


@dataclass(frozen=True)
class Action:
    """A POST that starts work inside the caller's own region."""

    url: Url
    user: str
    denied_user: str


@dataclass(frozen=True)
class ApiAction:
    """An API POST that creates something inside the caller's own region (202)."""

    url: Url
    user: str
    denied_user: str
    payload: Callable[[], dict[str, Any]]


@dataclass(frozen=True)
class Download:
    """A file for an allowed user; 403 for a role without the permission."""

    url: Url
    user: str
    denied_user: str
    content_type: str


@dataclass(frozen=True)
class Open:
    """Needs no region scope: it shows nothing that belongs to a region."""

    url: Url
    why: str


def obj_url(name: str, which: str) -> Url:
    return lambda w: reverse(name, args=[getattr(w, which).pk])


job_url = obj_url


def run_url(name: str, which: str) -> Url:
    return lambda w: reverse(name, args=[getattr(w, which).pk]) + "?program=PKH"


MISSING_JOB = 987654321


def lp2kd_sent(code: str) -> dict[str, Any]:
    """A regency's approved LP2KD 2025 as its own installation sends it to the province."""
    import base64
    import hashlib

    from reports.lp2kd.snapshot import snapshot_sha256

    snapshot = {
        "format": 1,
        "region": {"code": code, "name": "", "level": 2},
        "year": 2025,
        "version": 1,
        "chapters": [{"key": "I", "title": "Pendahuluan", "narrative": "", "tables": []}],
        "missing": [],
    }
    pdf = b"%PDF-1.7 matrix " + code.encode()
    return {
        "snapshot": snapshot,
        "snapshot_sha256": snapshot_sha256(snapshot),
        "pdf_base64": base64.b64encode(pdf).decode(),
        "pdf_sha256": hashlib.sha256(pdf).hexdigest(),
    }


def batch_payload() -> dict[str, Any]:
    from django.core.files.uploadedfile import SimpleUploadedFile

    return {"file": SimpleUploadedFile("api.csv", csv_bytes(family()), "text/csv")}


def recipient_list_payload() -> dict[str, Any]:
    from django.core.files.uploadedfile import SimpleUploadedFile

    period = ProgramPeriod.objects.get(program__code="PKH", name="MATRIX")
    content = b"nik,nama\n3505011203850001,Sutrisno\n"
    return {"file": SimpleUploadedFile("sk.csv", content, "text/csv"), "period": period.pk}


def recipient_url(name: str, which: str, *, code: str = "PKH") -> Url:
    return lambda w: reverse(name, args=[code, getattr(w, which).pk])


def program_url(name: str, code: str = "PKH") -> Url:
    return lambda w: reverse(name, args=[code])


def nik_of(
    which: str, route: str = "api-nik-lookup"
) -> Callable[[World], tuple[str, dict[str, str]]]:
    def target(w: World) -> tuple[str, dict[str, str]]:
        return reverse(route), {"nik": getattr(w, which).members.first().nik}

    return target


def attachment_of(which: str) -> Url:
    return lambda w: reverse("complaints:attachment", args=[getattr(w, which).attachments.get().pk])


def complaint_code(which: str) -> Url:
    return lambda w: getattr(w, which).code


def plan_obj(name: str, which: str, attr: str = "pk") -> Url:
    """A monitoring object of the matrix world (``w.plans``), by attribute path."""

    def url(w: World) -> str:
        target: Any = w.plans
        for part in which.split("."):
            target = getattr(target, part)
        return reverse(name, args=[getattr(target, attr)])

    return url


def plan_missing(name: str) -> Url:
    return lambda w: reverse(name, args=[MISSING_JOB])


def plan_detail(name: str, which: str, user: str, **kw: Any) -> Detail:
    """The Blitar and Jember objects are ``blitar_<which>`` and ``jember_<which>``."""
    return Detail(
        plan_obj(name, "blitar_" + which if "." not in which else which.replace("*", "blitar")),
        plan_obj(name, "jember_" + which if "." not in which else which.replace("*", "jember")),
        plan_missing(name),
        user,
        **kw,
    )


MONITORING_PLANS: dict[str, Listing | Detail] = {
    "plans:list": Listing(
        lambda w: reverse("plans:list"),
        "blitar_secretariat",
        shows=lambda w: "RPKD-BLITAR",
        hides=lambda w: "RPKD-JEMBER",
    ),
    "plans:create": Listing(
        lambda w: reverse("plans:create"),
        "blitar_secretariat",
        shows=lambda w: "Kabupaten Blitar",
        hides=lambda w: "Kabupaten Jember",
    ),
    "plans:detail": plan_detail("plans:detail", "world.*.rpkd", "blitar_secretariat"),
    "plans:priority-add": plan_detail(
        "plans:priority-add",
        "world.*.rpkd",
        "blitar_secretariat",
        method="post",
        in_scope_status=400,  # empty form: the page names the missing fields
    ),
    "plans:program-add": plan_detail(
        "plans:program-add",
        "world.*.rpkd",
        "blitar_secretariat",
        method="post",
        in_scope_status=400,
    ),
    "plans:activity-add": plan_detail(
        "plans:activity-add",
        "world.*.rpkd",
        "blitar_secretariat",
        method="post",
        in_scope_status=400,
    ),
    "plans:rat-create": plan_detail(
        "plans:rat-create", "world.*.rpkd", "blitar_secretariat", method="post", in_scope_status=400
    ),
    "plans:locations": plan_detail("plans:locations", "world.*.rat", "blitar_secretariat"),
    "plans:sub-activity-create": plan_detail(
        "plans:sub-activity-create", "activity", "blitar_secretariat"
    ),
    "plans:sub-activity-edit": Detail(
        lambda w: reverse("plans:sub-activity-edit", args=[_sub(w, "blitar").pk]),
        lambda w: reverse("plans:sub-activity-edit", args=[_sub(w, "jember").pk]),
        plan_missing("plans:sub-activity-edit"),
        "blitar_secretariat",
    ),
    "realisation:list": Listing(
        lambda w: reverse("realisation:list"),
        "blitar_secretariat",
        shows=lambda w: "Sub 1.02.02.2.01.0001 BLITAR",
        hides=lambda w: "JEMBER",
    ),
    "realisation:create": Detail(
        lambda w: reverse("realisation:create", args=[_sub(w, "blitar", rat=True).pk]),
        lambda w: reverse("realisation:create", args=[_sub(w, "jember", rat=True).pk]),
        plan_missing("realisation:create"),
        "blitar_agency_officer",
    ),
    "realisation:detail": plan_detail("realisation:detail", "report", "blitar_secretariat"),
    "realisation:edit": plan_detail("realisation:edit", "report", "blitar_agency_officer"),
    "realisation:review": plan_detail(
        "realisation:review",
        "report",
        "blitar_secretariat",
        method="post",
        in_scope_status=400,  # no decision given
    ),
    "realisation:deadline": Listing(
        lambda w: reverse("realisation:deadline"),
        "blitar_secretariat",
        shows=lambda w: "Kabupaten Blitar",
        hides=lambda w: "Kabupaten Jember",
    ),
    "realisation:evidence": plan_detail("realisation:evidence", "evidence", "blitar_secretariat"),
    "evaluation:targets": Listing(
        lambda w: reverse("evaluation:targets"),
        "blitar_secretariat",
        shows=lambda w: "Dinas Kesehatan BLITAR",
        hides=lambda w: "Dinas Kesehatan JEMBER",
    ),
    "evaluation:funding": Listing(
        lambda w: reverse("evaluation:funding") + "?wilayah=35.09",
        "blitar_secretariat",
        shows=lambda w: "Klaster 1",
        hides=lambda w: "Kabupaten Jember",
    ),
    "visits:list": Listing(
        lambda w: reverse("visits:list"),
        "blitar_secretariat",
        shows=lambda w: "VISIT-BLITAR",
        hides=lambda w: "VISIT-JEMBER",
    ),
    "visits:create": Listing(
        lambda w: reverse("visits:create"),
        "blitar_secretariat",
        shows=lambda w: "Sub 1.02.02.2.01.0001 BLITAR",
        hides=lambda w: "JEMBER",
    ),
    "visits:detail": plan_detail("visits:detail", "visit", "blitar_secretariat"),
    "visits:recommendation": plan_detail(
        "visits:recommendation",
        "recommendation",
        "blitar_secretariat",
        method="post",
        in_scope_status=400,  # no status chosen
    ),
    "visits:photo": plan_detail("visits:photo", "visit_photo", "blitar_secretariat"),
    "api-plan-list": Listing(
        lambda w: reverse("api-plan-list"),
        "bpjs_blitar",
        shows=lambda w: "RPKD-BLITAR",
        hides=lambda w: "RPKD-JEMBER",
        api=True,
    ),
    "api-plan-detail": Detail(
        lambda w: reverse("api-plan-detail", args=[w.plans.world.blitar.rat.pk]),
        lambda w: reverse("api-plan-detail", args=[w.plans.world.jember.rat.pk]),
        plan_missing("api-plan-detail"),
        "bpjs_blitar",
        api=True,
    ),
    "api-realisation-list": Listing(
        lambda w: reverse("api-realisation-list"),
        "blitar_secretariat",
        shows=lambda w: '"region":"35.05"',
        hides=lambda w: '"region":"35.09"',
        api=True,
    ),
    "api-realisation-detail": plan_detail(
        "api-realisation-detail", "report", "blitar_secretariat", api=True
    ),
}


def _sub(w: World, side: str, *, rat: bool = False) -> Any:
    plans = getattr(w.plans.world, side)
    return (plans.subs if rat else plans.rpkd_subs)["1.02.02.2.01.0001"]


MATRIX: dict[str, Listing | Detail | Action | ApiAction | Download | Open] = {
    "home": Listing(
        lambda w: reverse("home"),
        "blitar_secretariat",
        shows=lambda w: "Kabupaten Blitar",
        hides=lambda w: "Jember",
    ),
    "regions:list": Listing(
        lambda w: reverse("regions:list") + "?q=Kabupaten",
        "blitar_secretariat",
        shows=lambda w: "Kabupaten Blitar",
        hides=lambda w: "Kabupaten Jember",
    ),
    "regions:detail": Detail(
        lambda w: reverse("regions:detail", args=[JATEN]),
        lambda w: reverse("regions:detail", args=[JEMBER]),
        lambda w: reverse("regions:detail", args=["35.05.99.9999"]),
        "blitar_secretariat",
    ),
    "audit:list": Listing(
        lambda w: reverse("audit:list"),
        "blitar_auditor",
        shows=lambda w: "BLITAR-MARKER",
        hides=lambda w: "JEMBER-MARKER",
    ),
    "audit:export": Action(
        lambda w: reverse("audit:export"), "blitar_auditor", denied_user="blitar_secretariat"
    ),
    "jobs:list": Listing(
        lambda w: reverse("jobs:list"),
        "blitar_secretariat",
        shows=job_url("jobs:detail", "blitar_job"),
        hides=job_url("jobs:detail", "jember_job"),
    ),
    "jobs:worker-check": Action(
        lambda w: reverse("jobs:worker-check"), "blitar_secretariat", denied_user="blitar_auditor"
    ),
    "jobs:detail": Detail(
        job_url("jobs:detail", "blitar_job"),
        job_url("jobs:detail", "jember_job"),
        lambda w: reverse("jobs:detail", args=[MISSING_JOB]),
        "blitar_secretariat",
    ),
    "jobs:status": Detail(
        job_url("jobs:status", "blitar_job"),
        job_url("jobs:status", "jember_job"),
        lambda w: reverse("jobs:status", args=[MISSING_JOB]),
        "blitar_secretariat",
    ),
    "jobs:result": Detail(
        job_url("jobs:result", "blitar_job"),
        job_url("jobs:result", "jember_job"),
        lambda w: reverse("jobs:result", args=[MISSING_JOB]),
        "blitar_secretariat",
    ),
    "households:list": Listing(
        lambda w: reverse("households:list"),
        "blitar_secretariat",
        shows=lambda w: "Jaten",
        hides=lambda w: "Padomasan",
    ),
    "households:export": Action(
        lambda w: reverse("households:export"), "blitar_secretariat", denied_user="blitar_auditor"
    ),
    "households:detail": Detail(
        obj_url("households:detail", "blitar_household"),
        obj_url("households:detail", "jember_household"),
        lambda w: reverse("households:detail", args=[MISSING_JOB]),
        "blitar_secretariat",
    ),
    "households:person-nik": Detail(
        lambda w: reverse("households:person-nik", args=[w.blitar_household.members.first().pk]),
        lambda w: reverse("households:person-nik", args=[w.jember_household.members.first().pk]),
        lambda w: reverse("households:person-nik", args=[MISSING_JOB]),
        "blitar_secretariat",
        method="post",
    ),
    "households:batch-list": Listing(
        lambda w: reverse("households:batch-list"),
        "blitar_social_operator",
        shows=lambda w: "blitar.csv",
        hides=lambda w: "jember.csv",
    ),
    "households:batch-upload": Listing(
        lambda w: reverse("households:batch-upload"),
        "blitar_social_operator",
        shows=lambda w: "Unggah batch",
        hides=lambda w: "Jember",
    ),
    "households:batch-template": Listing(
        lambda w: reverse("households:batch-template", args=["csv"]),
        "blitar_social_operator",
        shows=lambda w: "no_kk",
        hides=lambda w: "35.09",
    ),
    "households:batch-detail": Detail(
        obj_url("households:batch-detail", "blitar_batch"),
        obj_url("households:batch-detail", "jember_batch"),
        lambda w: reverse("households:batch-detail", args=[MISSING_JOB]),
        "blitar_social_operator",
    ),
    "households:batch-minutes": Detail(
        obj_url("households:batch-minutes", "blitar_batch"),
        obj_url("households:batch-minutes", "jember_batch"),
        lambda w: reverse("households:batch-minutes", args=[MISSING_JOB]),
        "blitar_social_operator",
        method="post",
        in_scope_status=302,
    ),
    "households:batch-commit": Detail(
        obj_url("households:batch-commit", "blitar_batch"),
        obj_url("households:batch-commit", "jember_batch"),
        lambda w: reverse("households:batch-commit", args=[MISSING_JOB]),
        "blitar_social_operator",
        method="post",
        in_scope_status=302,
    ),
    "households:batch-rejected": Detail(
        obj_url("households:batch-rejected", "blitar_batch"),
        obj_url("households:batch-rejected", "jember_batch"),
        lambda w: reverse("households:batch-rejected", args=[MISSING_JOB]),
        "blitar_social_operator",
    ),
    "programs:list": Listing(
        lambda w: reverse("programs:list"),
        "blitar_secretariat",
        shows=lambda w: "Program Keluarga Harapan",
        hides=lambda w: w.jember_program.name,
    ),
    "programs:create": Listing(
        lambda w: reverse("programs:create"),
        "blitar_secretariat",
        shows=lambda w: "Kabupaten Blitar",
        hides=lambda w: "Kabupaten Jember",
    ),
    "programs:detail": Detail(
        lambda w: reverse("programs:detail", args=["PKH"]),
        lambda w: reverse("programs:detail", args=[w.jember_program.code]),
        lambda w: reverse("programs:detail", args=["TIDAK-ADA"]),
        "blitar_secretariat",
    ),
    "programs:edit": Detail(
        lambda w: reverse("programs:edit", args=["PKH"]),
        lambda w: reverse("programs:edit", args=[w.jember_program.code]),
        lambda w: reverse("programs:edit", args=["TIDAK-ADA"]),
        "blitar_secretariat",
    ),
    "programs:criteria": Detail(
        lambda w: reverse("programs:criteria", args=["PKH"]),
        lambda w: reverse("programs:criteria", args=[w.jember_program.code]),
        lambda w: reverse("programs:criteria", args=["TIDAK-ADA"]),
        "blitar_secretariat",
    ),
    "programs:run-list": Listing(
        lambda w: reverse("programs:run-list"),
        "blitar_secretariat",
        shows=obj_url("programs:run-detail", "blitar_run"),
        hides=obj_url("programs:run-detail", "jember_run"),
    ),
    "programs:run-detail": Detail(
        obj_url("programs:run-detail", "blitar_run"),
        obj_url("programs:run-detail", "jember_run"),
        lambda w: reverse("programs:run-detail", args=[MISSING_JOB]),
        "blitar_secretariat",
    ),
    "programs:run-households": Detail(
        run_url("programs:run-households", "blitar_run"),
        run_url("programs:run-households", "jember_run"),
        lambda w: reverse("programs:run-households", args=[MISSING_JOB]) + "?program=PKH",
        "blitar_secretariat",
    ),
    "programs:run-recipients": Detail(
        run_url("programs:run-recipients", "blitar_run"),
        run_url("programs:run-recipients", "jember_run"),
        lambda w: reverse("programs:run-recipients", args=[MISSING_JOB]) + "?program=PKH",
        "blitar_secretariat",
    ),
    "programs:run-compare": Detail(
        lambda w: reverse("programs:run-compare") + f"?a={w.blitar_run.pk}&b={w.blitar_run.pk}",
        lambda w: reverse("programs:run-compare") + f"?a={w.blitar_run.pk}&b={w.jember_run.pk}",
        lambda w: reverse("programs:run-compare") + f"?a={w.blitar_run.pk}&b={MISSING_JOB}",
        "blitar_secretariat",
    ),
    "api-me": Listing(
        lambda w: reverse("api-me"),
        "bpjs_blitar",
        shows=lambda w: BLITAR,
        hides=lambda w: JEMBER,
        api=True,
    ),
    "api-region-list": Listing(
        lambda w: reverse("api-region-list") + "?search=Kabupaten",
        "bpjs_blitar",
        shows=lambda w: "Kabupaten Blitar",
        hides=lambda w: "Kabupaten Jember",
        api=True,
    ),
    "api-region-detail": Detail(
        lambda w: reverse("api-region-detail", args=[JATEN]),
        lambda w: reverse("api-region-detail", args=[JEMBER]),
        lambda w: reverse("api-region-detail", args=["99.99"]),
        "bpjs_blitar",
        api=True,
    ),
    "api-job-detail": Detail(
        job_url("api-job-detail", "blitar_job"),
        job_url("api-job-detail", "jember_job"),
        lambda w: reverse("api-job-detail", args=[MISSING_JOB]),
        "blitar_secretariat",
        api=True,
    ),
    "api-household-list": Listing(
        lambda w: reverse("api-household-list"),
        "bpjs_blitar",
        shows=lambda w: "Jaten",
        hides=lambda w: "Padomasan",
        api=True,
    ),
    "api-household-detail": Detail(
        obj_url("api-household-detail", "blitar_household"),
        obj_url("api-household-detail", "jember_household"),
        lambda w: reverse("api-household-detail", args=[MISSING_JOB]),
        "bpjs_blitar",
        api=True,
    ),
    "api-nik-lookup": Detail(
        nik_of("blitar_household"),
        nik_of("jember_household"),
        lambda w: (reverse("api-nik-lookup"), {"nik": "3505011203859999"}),
        "bpjs_blitar",
        api=True,
        method="post",
    ),
    "api-batch-upload": ApiAction(
        lambda w: reverse("api-batch-upload"),
        "bpjs_blitar",
        denied_user="blitar_auditor",
        payload=batch_payload,
    ),
    "api-batch-detail": Detail(
        obj_url("api-batch-detail", "blitar_batch"),
        obj_url("api-batch-detail", "jember_batch"),
        lambda w: reverse("api-batch-detail", args=[MISSING_JOB]),
        "bpjs_blitar",
        api=True,
    ),
    "api-batch-rows": Detail(
        obj_url("api-batch-rows", "blitar_batch"),
        obj_url("api-batch-rows", "jember_batch"),
        lambda w: reverse("api-batch-rows", args=[MISSING_JOB]),
        "bpjs_blitar",
        api=True,
    ),
    "households:correction-list": Listing(
        lambda w: reverse("households:correction-list"),
        "blitar_social_operator",
        shows=lambda w: "DRAFT-BLITAR",
        hides=lambda w: "DRAFT-JEMBER",
    ),
    "households:correction-csv": Detail(
        obj_url("households:correction-csv", "blitar_draft"),
        obj_url("households:correction-csv", "jember_draft"),
        lambda w: reverse("households:correction-csv", args=[MISSING_JOB]),
        "blitar_social_operator",
    ),
    "households:correction-close": Detail(
        obj_url("households:correction-close", "blitar_draft"),
        obj_url("households:correction-close", "jember_draft"),
        lambda w: reverse("households:correction-close", args=[MISSING_JOB]),
        "blitar_social_operator",
        method="post",
        in_scope_status=302,
    ),
    "complaints:form": Open(lambda w: reverse("complaints:form"), "the public complaint form"),
    "complaints:regions": Open(
        lambda w: reverse("complaints:regions") + "?akar=35.05.01",
        "the public region list for the village picker",
    ),
    "complaints:track": Open(
        lambda w: reverse("complaints:track") + "?kode=ADU-ZZZZ-ZZZZ",
        "redirects a typed tracking code to its status page",
    ),
    "complaints:status": Open(
        lambda w: reverse("complaints:status", args=[w.blitar_complaint.code]),
        "whoever holds the code sees the timeline, never personal data",
    ),
    "complaints:list": Listing(
        lambda w: reverse("complaints:list"),
        "blitar_secretariat",
        shows=complaint_code("blitar_complaint"),
        hides=complaint_code("jember_complaint"),
    ),
    "complaints:create": Listing(
        lambda w: reverse("complaints:create"),
        "blitar_secretariat",
        shows=lambda w: "Wonodadi",
        hides=lambda w: "Jember",
    ),
    "complaints:statistics": Listing(
        lambda w: reverse("complaints:statistics"),
        "blitar_leader",
        shows=lambda w: "35.05.01",
        hides=lambda w: "35.09",
    ),
    "complaints:statistics-export": Download(
        lambda w: reverse("complaints:statistics-export"),
        "blitar_leader",
        denied_user="blitar_auditor",
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ),
    "complaints:detail": Detail(
        obj_url("complaints:detail", "blitar_complaint"),
        obj_url("complaints:detail", "jember_complaint"),
        lambda w: reverse("complaints:detail", args=[MISSING_JOB]),
        "blitar_secretariat",
    ),
    "complaints:transition": Detail(
        obj_url("complaints:transition", "blitar_complaint"),
        obj_url("complaints:transition", "jember_complaint"),
        lambda w: reverse("complaints:transition", args=[MISSING_JOB]),
        "blitar_secretariat",
        method="post",
        in_scope_status=302,
    ),
    "complaints:household": Detail(
        obj_url("complaints:household", "blitar_complaint"),
        obj_url("complaints:household", "jember_complaint"),
        lambda w: reverse("complaints:household", args=[MISSING_JOB]),
        "blitar_secretariat",
        method="post",
        in_scope_status=302,
    ),
    "complaints:correction": Detail(
        obj_url("complaints:correction", "blitar_complaint"),
        obj_url("complaints:correction", "jember_complaint"),
        lambda w: reverse("complaints:correction", args=[MISSING_JOB]),
        "blitar_secretariat",
        method="post",
        in_scope_status=302,
    ),
    "complaints:nik": Detail(
        obj_url("complaints:nik", "blitar_complaint"),
        obj_url("complaints:nik", "jember_complaint"),
        lambda w: reverse("complaints:nik", args=[MISSING_JOB]),
        "blitar_secretariat",
        method="post",
    ),
    "complaints:attachment": Detail(
        attachment_of("blitar_complaint"),
        attachment_of("jember_complaint"),
        lambda w: reverse("complaints:attachment", args=[MISSING_JOB]),
        "blitar_secretariat",
    ),
    "api-complaint-list": Listing(
        lambda w: reverse("api-complaint-list"),
        "bpjs_blitar",
        shows=complaint_code("blitar_complaint"),
        hides=complaint_code("jember_complaint"),
        api=True,
    ),
    "api-complaint-detail": Detail(
        obj_url("api-complaint-detail", "blitar_complaint"),
        obj_url("api-complaint-detail", "jember_complaint"),
        lambda w: reverse("api-complaint-detail", args=[MISSING_JOB]),
        "bpjs_blitar",
        api=True,
    ),
    "api-program-list": Listing(
        lambda w: reverse("api-program-list"),
        "bpjs_blitar",
        shows=lambda w: '"code":"PKH"',
        hides=lambda w: w.jember_program.code,
        api=True,
    ),
    "api-program-detail": Detail(
        lambda w: reverse("api-program-detail", args=["PKH"]),
        lambda w: reverse("api-program-detail", args=[w.jember_program.code]),
        lambda w: reverse("api-program-detail", args=["TIDAK-ADA"]),
        "bpjs_blitar",
        api=True,
    ),
    "api-program-eligibility": Detail(
        nik_of("blitar_household", "api-program-eligibility"),
        nik_of("jember_household", "api-program-eligibility"),
        lambda w: (reverse("api-program-eligibility"), {"nik": "3505011203859999"}),
        "bpjs_blitar",
        api=True,
        method="post",
    ),
    "api-run-list": Listing(
        lambda w: reverse("api-run-list"),
        "bpjs_blitar",
        shows=lambda w: f'"region":"{BLITAR}"',
        hides=lambda w: f'"region":"{JEMBER}"',
        api=True,
    ),
    "api-run-detail": Detail(
        obj_url("api-run-detail", "blitar_run"),
        obj_url("api-run-detail", "jember_run"),
        lambda w: reverse("api-run-detail", args=[MISSING_JOB]),
        "bpjs_blitar",
        api=True,
    ),
    "api-run-villages": Detail(
        obj_url("api-run-villages", "blitar_run"),
        obj_url("api-run-villages", "jember_run"),
        lambda w: reverse("api-run-villages", args=[MISSING_JOB]),
        "bpjs_blitar",
        api=True,
    ),
    "groups:list": Listing(
        lambda w: reverse("groups:list"),
        "blitar_secretariat",
        shows=lambda w: "Kelompok Jaten",
        hides=lambda w: "Kelompok Padomasan",
    ),
    "groups:create": Listing(
        lambda w: reverse("groups:create"),
        "blitar_social_operator",
        shows=lambda w: "Jaten",
        hides=lambda w: "Padomasan",
    ),
    "groups:detail": Detail(
        obj_url("groups:detail", "blitar_group"),
        obj_url("groups:detail", "jember_group"),
        lambda w: reverse("groups:detail", args=[MISSING_JOB]),
        "blitar_secretariat",
    ),
    "groups:edit": Detail(
        obj_url("groups:edit", "blitar_group"),
        obj_url("groups:edit", "jember_group"),
        lambda w: reverse("groups:edit", args=[MISSING_JOB]),
        "blitar_social_operator",
    ),
    "groups:members-add": Detail(
        obj_url("groups:members-add", "blitar_group"),
        obj_url("groups:members-add", "jember_group"),
        lambda w: reverse("groups:members-add", args=[MISSING_JOB]),
        "blitar_social_operator",
        method="post",
        in_scope_status=400,  # no NIK given: the form says so
    ),
    "groups:member-remove": Detail(
        lambda w: reverse("groups:member-remove", args=[w.blitar_group.pk, w.blitar_member.pk]),
        lambda w: reverse("groups:member-remove", args=[w.jember_group.pk, w.jember_member.pk]),
        lambda w: reverse("groups:member-remove", args=[w.blitar_group.pk, MISSING_JOB]),
        "blitar_social_operator",
        method="post",
        in_scope_status=302,
    ),
    "groups:payment": Detail(
        obj_url("groups:payment", "blitar_group"),
        obj_url("groups:payment", "jember_group"),
        lambda w: reverse("groups:payment", args=[MISSING_JOB]),
        "blitar_social_operator",
        method="post",
        in_scope_status=400,  # empty form: date and amount are asked for
    ),
    "groups:visit": Detail(
        obj_url("groups:visit", "blitar_group"),
        obj_url("groups:visit", "jember_group"),
        lambda w: reverse("groups:visit", args=[MISSING_JOB]),
        "blitar_social_operator",
    ),
    "groups:photo": Detail(
        obj_url("groups:photo", "blitar_photo"),
        obj_url("groups:photo", "jember_photo"),
        lambda w: reverse("groups:photo", args=[MISSING_JOB]),
        "blitar_secretariat",
    ),
    "disbursements:list": Listing(
        lambda w: reverse("disbursements:list"),
        "blitar_secretariat",
        shows=lambda w: "KSM-BLITAR",
        hides=lambda w: "KSM-JEMBER",
    ),
    "disbursements:period": Detail(
        obj_url("disbursements:period", "blitar_period"),
        obj_url("disbursements:period", "jember_period"),
        lambda w: reverse("disbursements:period", args=[MISSING_JOB]),
        "blitar_secretariat",
    ),
    "disbursements:actual": Detail(
        obj_url("disbursements:actual", "blitar_disbursement"),
        obj_url("disbursements:actual", "jember_disbursement"),
        lambda w: reverse("disbursements:actual", args=[MISSING_JOB]),
        "blitar_agency_officer",
        method="post",
        in_scope_status=302,  # back to the period page with the form's message
    ),
    "api-group-list": Listing(
        lambda w: reverse("api-group-list"),
        "bpjs_blitar",
        shows=lambda w: "Kelompok Jaten",
        hides=lambda w: "Kelompok Padomasan",
        api=True,
    ),
    "api-group-detail": Detail(
        obj_url("api-group-detail", "blitar_group"),
        obj_url("api-group-detail", "jember_group"),
        lambda w: reverse("api-group-detail", args=[MISSING_JOB]),
        "bpjs_blitar",
        api=True,
    ),
    "api-disbursement-list": Listing(
        lambda w: reverse("api-disbursement-list"),
        "bpjs_blitar",
        shows=lambda w: "Tahap Blitar",
        hides=lambda w: "Tahap Jember",
        api=True,
    ),
    "recipients:list": Listing(
        program_url("recipients:list"),
        "blitar_secretariat",
        shows=lambda w: "Penerima Jaten",
        hides=lambda w: "Penerima Jember",
    ),
    "recipients:detail": Detail(
        recipient_url("recipients:detail", "blitar_recipient"),
        recipient_url("recipients:detail", "jember_recipient"),
        lambda w: reverse("recipients:detail", args=["PKH", MISSING_JOB]),
        "blitar_secretariat",
    ),
    "recipients:status": Detail(
        recipient_url("recipients:status", "blitar_recipient"),
        recipient_url("recipients:status", "jember_recipient"),
        lambda w: reverse("recipients:status", args=["PKH", MISSING_JOB]),
        "blitar_social_operator",
        method="post",
        in_scope_status=302,
    ),
    "recipients:enrol": Listing(
        program_url("recipients:enrol", "BLITAR-TOPUP"),
        "blitar_social_operator",
        shows=lambda w: "Daftarkan penerima",
        hides=lambda w: "Jember",
    ),
    "recipients:batch-list": Listing(
        program_url("recipients:batch-list"),
        "blitar_social_operator",
        shows=lambda w: "blitar-sk.csv",
        hides=lambda w: "jember-sk.csv",
    ),
    "recipients:batch-upload": Listing(
        program_url("recipients:batch-upload"),
        "blitar_social_operator",
        shows=lambda w: "Unggah daftar SK",
        hides=lambda w: "Jember",
    ),
    "recipients:batch-detail": Detail(
        recipient_url("recipients:batch-detail", "blitar_list"),
        recipient_url("recipients:batch-detail", "jember_list"),
        lambda w: reverse("recipients:batch-detail", args=["PKH", MISSING_JOB]),
        "blitar_social_operator",
    ),
    "recipients:batch-commit": Detail(
        recipient_url("recipients:batch-commit", "blitar_list"),
        recipient_url("recipients:batch-commit", "jember_list"),
        lambda w: reverse("recipients:batch-commit", args=["PKH", MISSING_JOB]),
        "blitar_social_operator",
        method="post",
        in_scope_status=302,
    ),
    "recipients:batch-rejected": Detail(
        recipient_url("recipients:batch-rejected", "blitar_list"),
        recipient_url("recipients:batch-rejected", "jember_list"),
        lambda w: reverse("recipients:batch-rejected", args=["PKH", MISSING_JOB]),
        "blitar_social_operator",
    ),
    "recipients:periods": Listing(
        program_url("recipients:periods"),
        "blitar_secretariat",
        shows=lambda w: "MATRIX",
        hides=lambda w: "Jember",
    ),
    "recipients:quotas": Detail(
        recipient_url("recipients:quotas", "matrix_period"),
        recipient_url("recipients:quotas", "jember_topup_period", code="JEMBER-TOPUP"),
        lambda w: reverse("recipients:quotas", args=["PKH", MISSING_JOB]),
        "blitar_secretariat",
    ),
    "api-recipient-list": Listing(
        lambda w: reverse("api-recipient-list", args=["PKH"]),
        "bpjs_blitar",
        shows=lambda w: "Penerima Jaten",
        hides=lambda w: "Penerima Jember",
        api=True,
    ),
    "api-recipient-batch-upload": ApiAction(
        lambda w: reverse("api-recipient-batch-upload", args=["PKH"]),
        "bpjs_blitar",
        denied_user="blitar_auditor",
        payload=recipient_list_payload,
    ),
    "api-recipient-batch-detail": Detail(
        obj_url("api-recipient-batch-detail", "blitar_list"),
        obj_url("api-recipient-batch-detail", "jember_list"),
        lambda w: reverse("api-recipient-batch-detail", args=[MISSING_JOB]),
        "bpjs_blitar",
        api=True,
    ),
    "api-recipient-batch-rows": Detail(
        obj_url("api-recipient-batch-rows", "blitar_list"),
        obj_url("api-recipient-batch-rows", "jember_list"),
        lambda w: reverse("api-recipient-batch-rows", args=[MISSING_JOB]),
        "bpjs_blitar",
        api=True,
    ),
    "api-schema": Open(lambda w: reverse("api-schema"), "the API's description, no data"),
    "api-docs": Open(lambda w: reverse("api-docs"), "the interactive doc page, no data"),
    "healthz": Open(lambda w: reverse("healthz"), "service state for the load balancer"),
    "login": Open(lambda w: reverse("login"), "the login form"),
    "logout": Open(lambda w: reverse("logout"), "ends the caller's own session"),
    "password_change": Open(lambda w: reverse("password_change"), "the caller's own password"),
    "password_change_done": Open(lambda w: reverse("password_change_done"), "a confirmation"),
    "set_language": Open(lambda w: reverse("set_language"), "the caller's own language"),
    "musrenbang:year-list": Listing(
        lambda w: reverse("musrenbang:year-list"),
        "blitar_secretariat",
        shows=obj_url("musrenbang:year-detail", "blitar_year"),
        hides=obj_url("musrenbang:year-detail", "jember_year"),
    ),
    "musrenbang:year-create": Listing(
        lambda w: reverse("musrenbang:year-create"),
        "blitar_secretariat",
        shows=lambda w: "Kabupaten Blitar",
        hides=lambda w: "Kabupaten Jember",
    ),
    "musrenbang:year-detail": Detail(
        obj_url("musrenbang:year-detail", "blitar_year"),
        obj_url("musrenbang:year-detail", "jember_year"),
        lambda w: reverse("musrenbang:year-detail", args=[MISSING_JOB]),
        "blitar_secretariat",
    ),
    "musrenbang:stage-close": Detail(
        obj_url("musrenbang:stage-close", "blitar_stage"),
        obj_url("musrenbang:stage-close", "jember_stage"),
        lambda w: reverse("musrenbang:stage-close", args=[MISSING_JOB]),
        "blitar_secretariat",
        method="post",
        in_scope_status=302,
    ),
    "musrenbang:forum-create": Detail(
        obj_url("musrenbang:forum-create", "blitar_year"),
        obj_url("musrenbang:forum-create", "jember_year"),
        lambda w: reverse("musrenbang:forum-create", args=[MISSING_JOB]),
        "blitar_secretariat",
    ),
    "musrenbang:forum-detail": Detail(
        obj_url("musrenbang:forum-detail", "blitar_forum"),
        obj_url("musrenbang:forum-detail", "jember_forum"),
        lambda w: reverse("musrenbang:forum-detail", args=[MISSING_JOB]),
        "jaten_village_operator",
    ),
    "musrenbang:attendance-add": Detail(
        obj_url("musrenbang:attendance-add", "blitar_forum"),
        obj_url("musrenbang:attendance-add", "jember_forum"),
        lambda w: reverse("musrenbang:attendance-add", args=[MISSING_JOB]),
        "jaten_village_operator",
        method="post",
        in_scope_status=400,  # empty form: the name is asked for
    ),
    "musrenbang:proposal-list": Listing(
        lambda w: reverse("musrenbang:proposal-list"),
        "blitar_secretariat",
        shows=lambda w: "USULAN-BLITAR",
        hides=lambda w: "USULAN-JEMBER",
    ),
    "musrenbang:proposal-create": Detail(
        obj_url("musrenbang:proposal-create", "blitar_year"),
        obj_url("musrenbang:proposal-create", "jember_year"),
        lambda w: reverse("musrenbang:proposal-create", args=[MISSING_JOB]),
        "jaten_village_operator",
    ),
    "musrenbang:proposal-detail": Detail(
        obj_url("musrenbang:proposal-detail", "blitar_proposal"),
        obj_url("musrenbang:proposal-detail", "jember_proposal"),
        lambda w: reverse("musrenbang:proposal-detail", args=[MISSING_JOB]),
        "jaten_village_operator",
    ),
    "musrenbang:proposal-edit": Detail(
        obj_url("musrenbang:proposal-edit", "blitar_proposal"),
        obj_url("musrenbang:proposal-edit", "jember_proposal"),
        lambda w: reverse("musrenbang:proposal-edit", args=[MISSING_JOB]),
        "jaten_village_operator",
    ),
    "musrenbang:proposal-score": Detail(
        obj_url("musrenbang:proposal-score", "blitar_proposal"),
        obj_url("musrenbang:proposal-score", "jember_proposal"),
        lambda w: reverse("musrenbang:proposal-score", args=[MISSING_JOB]),
        "blitar_secretariat",
        method="post",
        in_scope_status=400,  # no score given: the page says so
    ),
    "musrenbang:district-detail": Detail(
        lambda w: reverse("musrenbang:district-detail", args=[w.blitar_year.pk, BLITAR_DISTRICT]),
        lambda w: reverse("musrenbang:district-detail", args=[w.jember_year.pk, "35.09.01"]),
        lambda w: reverse("musrenbang:district-detail", args=[w.blitar_year.pk, "35.05.99"]),
        "blitar_secretariat",
    ),
    "musrenbang:district-fill": Detail(
        lambda w: reverse("musrenbang:district-fill", args=[w.blitar_year.pk, BLITAR_DISTRICT]),
        lambda w: reverse("musrenbang:district-fill", args=[w.jember_year.pk, "35.09.01"]),
        lambda w: reverse("musrenbang:district-fill", args=[w.blitar_year.pk, "35.05.99"]),
        "blitar_secretariat",
        method="post",
        in_scope_status=302,  # back to the page, which says the ceiling is not set yet
    ),
    "musrenbang:proposal-template": Download(
        lambda w: reverse("musrenbang:proposal-template", args=["xlsx"]),
        "jaten_village_operator",
        "blitar_auditor",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ),
    "musrenbang:attendance-template": Download(
        lambda w: reverse("musrenbang:attendance-template"),
        "jaten_village_operator",
        "blitar_auditor",
        "text/csv; charset=utf-8",
    ),
    "musrenbang:proposal-upload": Detail(
        obj_url("musrenbang:proposal-upload", "blitar_year"),
        obj_url("musrenbang:proposal-upload", "jember_year"),
        lambda w: reverse("musrenbang:proposal-upload", args=[MISSING_JOB]),
        "jaten_village_operator",
    ),
    "musrenbang:proposal-batch": Detail(
        obj_url("musrenbang:proposal-batch", "blitar_proposal_batch"),
        obj_url("musrenbang:proposal-batch", "jember_proposal_batch"),
        lambda w: reverse("musrenbang:proposal-batch", args=[MISSING_JOB]),
        "blitar_secretariat",
    ),
    "musrenbang:proposal-batch-commit": Detail(
        obj_url("musrenbang:proposal-batch-commit", "blitar_proposal_batch"),
        obj_url("musrenbang:proposal-batch-commit", "jember_proposal_batch"),
        lambda w: reverse("musrenbang:proposal-batch-commit", args=[MISSING_JOB]),
        "blitar_secretariat",
        method="post",
        in_scope_status=302,  # to the commit job's page
    ),
    "musrenbang:proposal-batch-rejected": Detail(
        obj_url("musrenbang:proposal-batch-rejected", "blitar_proposal_batch"),
        obj_url("musrenbang:proposal-batch-rejected", "jember_proposal_batch"),
        lambda w: reverse("musrenbang:proposal-batch-rejected", args=[MISSING_JOB]),
        "blitar_secretariat",
    ),
    "musrenbang:attendance-upload": Detail(
        obj_url("musrenbang:attendance-upload", "blitar_forum"),
        obj_url("musrenbang:attendance-upload", "jember_forum"),
        lambda w: reverse("musrenbang:attendance-upload", args=[MISSING_JOB]),
        "jaten_village_operator",
    ),
    "musrenbang:attendance-batch": Detail(
        obj_url("musrenbang:attendance-batch", "blitar_attendance_batch"),
        obj_url("musrenbang:attendance-batch", "jember_attendance_batch"),
        lambda w: reverse("musrenbang:attendance-batch", args=[MISSING_JOB]),
        "jaten_village_operator",
    ),
    "musrenbang:attendance-batch-commit": Detail(
        obj_url("musrenbang:attendance-batch-commit", "blitar_attendance_batch"),
        obj_url("musrenbang:attendance-batch-commit", "jember_attendance_batch"),
        lambda w: reverse("musrenbang:attendance-batch-commit", args=[MISSING_JOB]),
        "blitar_secretariat",
        method="post",
        in_scope_status=302,
    ),
    "musrenbang:attendance-batch-rejected": Detail(
        obj_url("musrenbang:attendance-batch-rejected", "blitar_attendance_batch"),
        obj_url("musrenbang:attendance-batch-rejected", "jember_attendance_batch"),
        lambda w: reverse("musrenbang:attendance-batch-rejected", args=[MISSING_JOB]),
        "blitar_secretariat",
    ),
    "musrenbang:forum-minutes": Detail(
        obj_url("musrenbang:forum-minutes", "blitar_forum"),
        obj_url("musrenbang:forum-minutes", "jember_forum"),
        lambda w: reverse("musrenbang:forum-minutes", args=[MISSING_JOB]),
        "jaten_village_operator",
    ),
    "musrenbang:forum-minutes-sign": Detail(
        obj_url("musrenbang:forum-minutes-sign", "blitar_forum"),
        obj_url("musrenbang:forum-minutes-sign", "jember_forum"),
        lambda w: reverse("musrenbang:forum-minutes-sign", args=[MISSING_JOB]),
        "jaten_village_operator",
        method="post",
        in_scope_status=302,  # back to the forum, which says a file is needed
    ),
    "musrenbang:forum-minutes-signed": Detail(
        obj_url("musrenbang:forum-minutes-signed", "blitar_forum"),
        obj_url("musrenbang:forum-minutes-signed", "jember_forum"),
        lambda w: reverse("musrenbang:forum-minutes-signed", args=[MISSING_JOB]),
        "blitar_secretariat",
    ),
    "musrenbang:rubric": Detail(
        obj_url("musrenbang:rubric", "blitar_year"),
        obj_url("musrenbang:rubric", "jember_year"),
        lambda w: reverse("musrenbang:rubric", args=[MISSING_JOB]),
        "blitar_secretariat",
    ),
    "musrenbang:ceiling-formula": Detail(
        obj_url("musrenbang:ceiling-formula", "blitar_year"),
        obj_url("musrenbang:ceiling-formula", "jember_year"),
        lambda w: reverse("musrenbang:ceiling-formula", args=[MISSING_JOB]),
        "blitar_secretariat",
    ),
    "musrenbang:proposal-reject": Detail(
        obj_url("musrenbang:proposal-reject", "blitar_proposal"),
        obj_url("musrenbang:proposal-reject", "jember_proposal"),
        lambda w: reverse("musrenbang:proposal-reject", args=[MISSING_JOB]),
        "blitar_secretariat",
        method="post",
        in_scope_status=302,  # back to the proposal, which asks for the reason
    ),
    # ---- Musrenbang after the forums: agency review, recap, lineage, API, public page
    "musrenbang:agency-list": Listing(
        lambda w: reverse("musrenbang:agency-list"),
        "blitar_agency_officer",
        shows=lambda w: "USULAN-BLITAR",
        hides=lambda w: "USULAN-JEMBER",
    ),
    "musrenbang:agency-proposal": Detail(
        obj_url("musrenbang:agency-proposal", "blitar_proposal"),
        obj_url("musrenbang:agency-proposal", "jember_proposal"),
        lambda w: reverse("musrenbang:agency-proposal", args=[MISSING_JOB]),
        "blitar_agency_officer",
    ),
    "musrenbang:agency-review": Detail(
        obj_url("musrenbang:agency-review", "blitar_proposal"),
        obj_url("musrenbang:agency-review", "jember_proposal"),
        lambda w: reverse("musrenbang:agency-review", args=[MISSING_JOB]),
        "blitar_agency_officer",
        method="post",
        in_scope_status=400,  # empty form: the decision is asked for
    ),
    "musrenbang:agency-fate": Detail(
        obj_url("musrenbang:agency-fate", "blitar_proposal"),
        obj_url("musrenbang:agency-fate", "jember_proposal"),
        lambda w: reverse("musrenbang:agency-fate", args=[MISSING_JOB]),
        "blitar_agency_officer",
        method="post",
        in_scope_status=400,  # not in the agency's Renja yet: said on the form
    ),
    "musrenbang:recap": Detail(
        obj_url("musrenbang:recap", "blitar_year"),
        obj_url("musrenbang:recap", "jember_year"),
        lambda w: reverse("musrenbang:recap", args=[MISSING_JOB]),
        "blitar_secretariat",
    ),
    "musrenbang:recap-download": Detail(
        lambda w: reverse("musrenbang:recap-download", args=[w.blitar_year.pk, "xlsx"]),
        lambda w: reverse("musrenbang:recap-download", args=[w.jember_year.pk, "xlsx"]),
        lambda w: reverse("musrenbang:recap-download", args=[MISSING_JOB, "xlsx"]),
        "jaten_village_operator",
    ),
    "api-musrenbang-year-list": Listing(
        lambda w: reverse("api-musrenbang-year-list"),
        "bpjs_blitar",
        shows=lambda w: "Kabupaten Blitar",
        hides=lambda w: "Kabupaten Jember",
        api=True,
    ),
    "api-musrenbang-year-detail": Detail(
        obj_url("api-musrenbang-year-detail", "blitar_year"),
        obj_url("api-musrenbang-year-detail", "jember_year"),
        lambda w: reverse("api-musrenbang-year-detail", args=[MISSING_JOB]),
        "bpjs_blitar",
        api=True,
    ),
    "api-musrenbang-forum-list": Listing(
        lambda w: reverse("api-musrenbang-forum-list"),
        "bpjs_blitar",
        shows=lambda w: "MUSDES-BLITAR",
        hides=lambda w: "MUSDES-JEMBER",
        api=True,
    ),
    "api-musrenbang-proposal-list": Listing(
        lambda w: reverse("api-musrenbang-proposal-list"),
        "bpjs_blitar",
        shows=lambda w: "USULAN-BLITAR",
        hides=lambda w: "USULAN-JEMBER",
        api=True,
    ),
    "api-musrenbang-proposal-detail": Detail(
        obj_url("api-musrenbang-proposal-detail", "blitar_proposal"),
        obj_url("api-musrenbang-proposal-detail", "jember_proposal"),
        lambda w: reverse("api-musrenbang-proposal-detail", args=[MISSING_JOB]),
        "bpjs_blitar",
        api=True,
    ),
    "api-musrenbang-result-list": Listing(
        lambda w: reverse("api-musrenbang-result-list"),
        "bpjs_blitar",
        shows=lambda w: "HASIL-BLITAR",
        hides=lambda w: "HASIL-JEMBER",
        api=True,
    ),
    "musrenbang:public-village": Open(
        lambda w: reverse("musrenbang:public-village", args=[JATEN]),
        "public by design: a village's proposals and their fate, no personal data",
    ),
    "musrenbang:routing": Detail(
        obj_url("musrenbang:routing", "blitar_year"),
        obj_url("musrenbang:routing", "jember_year"),
        lambda w: reverse("musrenbang:routing", args=[MISSING_JOB]),
        "blitar_secretariat",
    ),
    # ---- end of the Musrenbang-after-the-forums block
    "monitoring:dashboard": Listing(
        lambda w: reverse("monitoring:dashboard"),
        "blitar_leader",
        shows=lambda w: "Kabupaten Blitar",
        hides=lambda w: "TL-JEMBER",
    ),
    "monitoring:decree-list": Listing(
        lambda w: reverse("monitoring:decree-list"),
        "blitar_secretariat",
        shows=lambda w: "SK-BLITAR",
        hides=lambda w: "SK-JEMBER",
    ),
    "monitoring:decree-create": Listing(
        lambda w: reverse("monitoring:decree-create"),
        "blitar_secretariat",
        shows=lambda w: "Kabupaten Blitar",
        hides=lambda w: "Kabupaten Jember",
    ),
    "monitoring:decree-detail": Detail(
        obj_url("monitoring:decree-detail", "blitar_decree"),
        obj_url("monitoring:decree-detail", "jember_decree"),
        lambda w: reverse("monitoring:decree-detail", args=[MISSING_JOB]),
        "blitar_leader",
    ),
    "monitoring:member-add": Detail(
        obj_url("monitoring:member-add", "blitar_decree"),
        obj_url("monitoring:member-add", "jember_decree"),
        lambda w: reverse("monitoring:member-add", args=[MISSING_JOB]),
        "blitar_secretariat",
        method="post",
        in_scope_status=400,  # empty form: the name is asked for
    ),
    "monitoring:member-edit": Detail(
        obj_url("monitoring:member-edit", "blitar_tkpk_member"),
        obj_url("monitoring:member-edit", "jember_tkpk_member"),
        lambda w: reverse("monitoring:member-edit", args=[MISSING_JOB]),
        "blitar_secretariat",
    ),
    "monitoring:meeting-list": Listing(
        lambda w: reverse("monitoring:meeting-list"),
        "blitar_leader",
        shows=lambda w: "RAKOR-BLITAR",
        hides=lambda w: "RAKOR-JEMBER",
    ),
    "monitoring:meeting-create": Listing(
        lambda w: reverse("monitoring:meeting-create"),
        "blitar_secretariat",
        shows=lambda w: "Kabupaten Blitar",
        hides=lambda w: "Kabupaten Jember",
    ),
    "monitoring:meeting-detail": Detail(
        obj_url("monitoring:meeting-detail", "blitar_meeting"),
        obj_url("monitoring:meeting-detail", "jember_meeting"),
        lambda w: reverse("monitoring:meeting-detail", args=[MISSING_JOB]),
        "blitar_leader",
    ),
    "monitoring:attendee-add": Detail(
        obj_url("monitoring:attendee-add", "blitar_meeting"),
        obj_url("monitoring:attendee-add", "jember_meeting"),
        lambda w: reverse("monitoring:attendee-add", args=[MISSING_JOB]),
        "blitar_secretariat",
        method="post",
        in_scope_status=400,
    ),
    "monitoring:decisions-set": Detail(
        obj_url("monitoring:decisions-set", "blitar_meeting"),
        obj_url("monitoring:decisions-set", "jember_meeting"),
        lambda w: reverse("monitoring:decisions-set", args=[MISSING_JOB]),
        "blitar_secretariat",
        method="post",
        in_scope_status=302,  # an empty decision clears it
    ),
    "monitoring:follow-up-add": Detail(
        obj_url("monitoring:follow-up-add", "blitar_meeting"),
        obj_url("monitoring:follow-up-add", "jember_meeting"),
        lambda w: reverse("monitoring:follow-up-add", args=[MISSING_JOB]),
        "blitar_secretariat",
        method="post",
        in_scope_status=400,
    ),
    "monitoring:follow-up-list": Listing(
        lambda w: reverse("monitoring:follow-up-list"),
        "blitar_leader",
        shows=lambda w: "TL-BLITAR",
        hides=lambda w: "TL-JEMBER",
    ),
    "monitoring:follow-up-edit": Detail(
        obj_url("monitoring:follow-up-edit", "blitar_follow_up"),
        obj_url("monitoring:follow-up-edit", "jember_follow_up"),
        lambda w: reverse("monitoring:follow-up-edit", args=[MISSING_JOB]),
        "blitar_secretariat",
    ),
    "monitoring:follow-up-status": Detail(
        obj_url("monitoring:follow-up-status", "blitar_owned_follow_up"),
        obj_url("monitoring:follow-up-status", "jember_owned_follow_up"),
        lambda w: reverse("monitoring:follow-up-status", args=[MISSING_JOB]),
        "blitar_agency_officer",  # Dinas Kesehatan's officer: the owner agency
        method="post",
        in_scope_status=400,  # empty form: the status is asked for
    ),
    "monitoring:indicator-list": Listing(
        lambda w: reverse("monitoring:indicator-list"),
        "blitar_leader",
        shows=lambda w: "BPS-BLITAR",
        hides=lambda w: "BPS-JEMBER",
    ),
    "monitoring:indicator-create": Listing(
        lambda w: reverse("monitoring:indicator-create"),
        "blitar_secretariat",
        shows=lambda w: "Kabupaten Blitar",
        hides=lambda w: "Kabupaten Jember",
    ),
    "monitoring:indicator-batch-list": Listing(
        lambda w: reverse("monitoring:indicator-batch-list"),
        "blitar_secretariat",
        shows=lambda w: "indikator-blitar.csv",
        hides=lambda w: "indikator-jember.csv",
    ),
    "monitoring:indicator-batch-detail": Detail(
        obj_url("monitoring:indicator-batch-detail", "blitar_indicator_batch"),
        obj_url("monitoring:indicator-batch-detail", "jember_indicator_batch"),
        lambda w: reverse("monitoring:indicator-batch-detail", args=[MISSING_JOB]),
        "blitar_secretariat",
    ),
    "monitoring:indicator-batch-commit": Detail(
        obj_url("monitoring:indicator-batch-commit", "blitar_indicator_batch"),
        obj_url("monitoring:indicator-batch-commit", "jember_indicator_batch"),
        lambda w: reverse("monitoring:indicator-batch-commit", args=[MISSING_JOB]),
        "blitar_secretariat",
        method="post",
        in_scope_status=302,  # to the commit job
    ),
    "api-indicator-list": Listing(
        lambda w: reverse("api-indicator-list"),
        "bpjs_blitar",
        shows=lambda w: "BPS-BLITAR",
        hides=lambda w: "BPS-JEMBER",
        api=True,
    ),
    "api-meeting-list": Listing(
        lambda w: reverse("api-meeting-list"),
        "bpjs_blitar",
        shows=lambda w: "RAKOR-BLITAR",
        hides=lambda w: "RAKOR-JEMBER",
        api=True,
    ),
    "api-meeting-detail": Detail(
        obj_url("api-meeting-detail", "blitar_meeting"),
        obj_url("api-meeting-detail", "jember_meeting"),
        lambda w: reverse("api-meeting-detail", args=[MISSING_JOB]),
        "bpjs_blitar",
        api=True,
    ),
    **MONITORING_PLANS,
    "reports:lp2kd-list": Listing(
        lambda w: reverse("reports:lp2kd-list"),
        "blitar_secretariat",
        shows=obj_url("reports:lp2kd-detail", "blitar_lp2kd"),
        hides=obj_url("reports:lp2kd-detail", "jember_lp2kd"),
    ),
    "reports:lp2kd-detail": Detail(
        obj_url("reports:lp2kd-detail", "blitar_lp2kd"),
        obj_url("reports:lp2kd-detail", "jember_lp2kd"),
        lambda w: reverse("reports:lp2kd-detail", args=[MISSING_JOB]),
        "blitar_leader",
    ),
    "reports:version-detail": Detail(
        obj_url("reports:version-detail", "blitar_lp2kd_version"),
        obj_url("reports:version-detail", "jember_lp2kd_version"),
        lambda w: reverse("reports:version-detail", args=[MISSING_JOB]),
        "blitar_secretariat",
    ),
    "reports:version-edit": Detail(
        obj_url("reports:version-edit", "blitar_lp2kd_version"),
        obj_url("reports:version-edit", "jember_lp2kd_version"),
        lambda w: reverse("reports:version-edit", args=[MISSING_JOB]),
        "blitar_secretariat",
        method="post",
        in_scope_status=302,  # saved (every chapter may be empty), back to the version
    ),
    "reports:version-generate": Detail(
        obj_url("reports:version-generate", "blitar_lp2kd_version"),
        obj_url("reports:version-generate", "jember_lp2kd_version"),
        lambda w: reverse("reports:version-generate", args=[MISSING_JOB]),
        "blitar_secretariat",
        method="post",
        in_scope_status=302,  # to the job's progress page
    ),
    "reports:version-step": Detail(
        obj_url("reports:version-step", "blitar_lp2kd_version"),
        obj_url("reports:version-step", "jember_lp2kd_version"),
        lambda w: reverse("reports:version-step", args=[MISSING_JOB]),
        "blitar_secretariat",
        method="post",
        in_scope_status=302,  # no step named: back to the version with the message
    ),
    "reports:version-new": Detail(
        obj_url("reports:version-new", "blitar_lp2kd_version"),
        obj_url("reports:version-new", "jember_lp2kd_version"),
        lambda w: reverse("reports:version-new", args=[MISSING_JOB]),
        "blitar_secretariat",
        method="post",
        in_scope_status=302,  # refused while the draft is open, said on the version's page
    ),
    "reports:version-pdf": Detail(
        obj_url("reports:version-pdf", "blitar_lp2kd_version"),
        obj_url("reports:version-pdf", "jember_lp2kd_version"),
        lambda w: reverse("reports:version-pdf", args=[MISSING_JOB]),
        "blitar_leader",
    ),
    "reports:version-xlsx": Detail(
        obj_url("reports:version-xlsx", "blitar_lp2kd_version"),
        obj_url("reports:version-xlsx", "jember_lp2kd_version"),
        lambda w: reverse("reports:version-xlsx", args=[MISSING_JOB]),
        "blitar_agency_officer",
    ),
    "reports:version-compare": Detail(
        obj_url("reports:version-compare", "blitar_lp2kd_version"),
        obj_url("reports:version-compare", "jember_lp2kd_version"),
        lambda w: reverse("reports:version-compare", args=[MISSING_JOB]),
        "blitar_secretariat",
        in_scope_status=302,  # no other version to compare with: back, with the message
    ),
    "api-lp2kd-list": Listing(
        lambda w: reverse("api-lp2kd-list"),
        "bpjs_blitar",
        shows=lambda w: f'"region":"{BLITAR}"',
        hides=lambda w: f'"region":"{JEMBER}"',
        api=True,
    ),
    "api-lp2kd-version-snapshot": Detail(
        obj_url("api-lp2kd-version-snapshot", "blitar_lp2kd_version"),
        obj_url("api-lp2kd-version-snapshot", "jember_lp2kd_version"),
        lambda w: reverse("api-lp2kd-version-snapshot", args=[MISSING_JOB]),
        "bpjs_blitar",
        api=True,
        in_scope_status=409,  # the world's version is a draft: not final yet, said so
    ),
    "api-lp2kd-version-pdf": Detail(
        obj_url("api-lp2kd-version-pdf", "blitar_lp2kd_version"),
        obj_url("api-lp2kd-version-pdf", "jember_lp2kd_version"),
        lambda w: reverse("api-lp2kd-version-pdf", args=[MISSING_JOB]),
        "bpjs_blitar",
        api=True,
        in_scope_status=409,  # the world's version is a draft: not final yet, said so
    ),
    "api-lp2kd-submission": Detail(
        lambda w: (reverse("api-lp2kd-submission", args=[BLITAR, 2025]), lp2kd_sent(BLITAR)),
        lambda w: (reverse("api-lp2kd-submission", args=[JEMBER, 2025]), lp2kd_sent(JEMBER)),
        lambda w: (reverse("api-lp2kd-submission", args=["35.99", 2025]), lp2kd_sent("35.99")),
        "bpjs_blitar",
        api=True,
        method="post",
        in_scope_status=201,  # kept as Blitar's submission of 2025
    ),
    "reports:profiles": Listing(
        lambda w: reverse("reports:profiles"),
        "blitar_secretariat",
        shows=lambda w: "Wonodadi",
        hides=lambda w: "Jember",
    ),
    "reports:profile-village": Detail(
        lambda w: reverse("reports:profile-village", args=[JATEN]),
        lambda w: reverse("reports:profile-village", args=[PADOMASAN]),
        lambda w: reverse("reports:profile-village", args=["35.05.99.9999"]),
        "blitar_secretariat",
    ),
}
