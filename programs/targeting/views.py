"""Targeting runs: start one, the dashboard, drill-down to households, comparison."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from households.selectors import household_head_name
from programs.disbursements.selectors import disbursement_flags
from programs.models import Program, RunRecipientIssue
from programs.models.targeting import RULES_VERSION
from programs.selectors import program_unit
from programs.targeting.forms import RunCompareForm, RunForm
from programs.targeting.selectors import (
    HOUSEHOLD_KINDS,
    UNIT_FIGURES,
    run_breakdown,
    run_coverage,
    run_figure_total,
    run_get_for_user,
    run_households,
    run_list,
    run_overlap,
    run_persons,
    run_recipient_issues,
    run_rows_ordering,
    run_scope,
    run_summary,
)
from programs.targeting.services import targeting_run_request
from tkpk.access import user_region_codes
from tkpk.models import Region
from tkpk.paging import id_from_text, keyset_page
from tkpk.roles import Permission
from tkpk.services.jobs import job_create_for_user
from tkpk.views.decorators import AuthenticatedRequest, role_required

KIND_LABELS = {
    "eligible": gettext_lazy("Layak"),
    "receiving": gettext_lazy("Menerima"),
    "exclusion": gettext_lazy("Kesalahan eksklusi: layak, tidak menerima"),
    "inclusion": gettext_lazy("Kesalahan inklusi: menerima, desil 7 ke atas"),
}
PERSON_KIND_LABELS = {
    "eligible": gettext_lazy("Orang layak"),
    "receiving": gettext_lazy("Orang terdaftar"),
    "exclusion": gettext_lazy("Kesalahan eksklusi: orang layak yang tidak terdaftar"),
    "inclusion": gettext_lazy("Kesalahan inklusi: orang terdaftar, desil 7 ke atas"),
}
ISSUE_GROUP_LABELS = {"deceased_or_moved": gettext_lazy("Meninggal atau pindah")}
# ?satuan= of a drill-down: a person program lists persons unless families are asked for.
LIST_UNITS = {"orang": "person", "keluarga": "household"}
# Column headers of the dashboard, each saying what it counts.
UNIT_HEADERS = {
    "household": {
        "title": gettext_lazy("Program sasaran keluarga: dihitung per keluarga"),
        "eligible": gettext_lazy("Layak (keluarga)"),
        "receiving": gettext_lazy("Menerima (keluarga)"),
        "exclusion": gettext_lazy("Eksklusi (keluarga)"),
        "inclusion": gettext_lazy("Inklusi desil 7+ (keluarga)"),
        "coverage": gettext_lazy("Cakupan (persen keluarga layak)"),
        "quota": gettext_lazy("Kuota terpakai (keluarga)"),
    },
    "person": {
        "title": gettext_lazy("Program sasaran perorangan: dihitung per orang"),
        "eligible": gettext_lazy("Layak (orang)"),
        "receiving": gettext_lazy("Terdaftar (orang)"),
        "exclusion": gettext_lazy("Eksklusi (orang)"),
        "inclusion": gettext_lazy("Inklusi desil 7+ (orang)"),
        "coverage": gettext_lazy("Cakupan (persen orang layak)"),
        "quota": gettext_lazy("Kuota terpakai (orang)"),
    },
}


@role_required(Permission.VIEW_TARGETING)
def run_list_view(request: AuthenticatedRequest) -> HttpResponse:
    may_run = bool(user_region_codes(request.user, permission=Permission.RUN_TARGETING))
    form = RunForm(request.POST or None, user=request.user) if may_run else None
    if request.method == "POST":
        if form is None:
            raise Http404
        if form.is_valid():
            run = targeting_run_request(
                user=request.user,
                region=Region.objects.get(code=form.cleaned_data["region"]),
                reference_date=form.cleaned_data["reference_date"],
            )
            messages.success(request, _("Analisis penargetan dijalankan di latar belakang."))
            return redirect("programs:run-detail", run_id=run.pk)
    runs = run_list(user=request.user).select_related("job")[:50]
    return render(request, "programs/runs.html", {"runs": runs, "form": form})


def _filters(request: AuthenticatedRequest, run: Any) -> tuple[list[str], Program | None, str]:
    region = request.GET.get("wilayah", "").strip()
    roots = run_scope(user=request.user, run=run, region=region)
    if not roots:
        raise Http404
    code = request.GET.get("program", "")
    program = Program.objects.filter(code=code).first() if code else None
    return roots, program, region


@role_required(Permission.VIEW_TARGETING)
def run_detail_view(request: AuthenticatedRequest, run_id: int) -> HttpResponse:
    run = run_get_for_user(user=request.user, run_id=run_id)
    if run.state != run.State.DONE:
        return render(request, "programs/run_pending.html", {"run": run})
    roots, program, region = _filters(request, run)
    root = roots[0] if len(roots) == 1 else run.region_id
    breakdown = run_breakdown(run=run, root=root, program=program)
    unit = program_unit(program) if program else "household"
    peak = max((row.by_unit[unit]["exclusion"] for row in breakdown), default=0) or 1
    summaries = run_summary(run=run, roots=roots)
    context = {
        "run": run,
        "summaries": summaries,
        "summary_tables": [
            {"unit": u, "headers": UNIT_HEADERS[u], "rows": rows}
            for u in ("household", "person")
            if (rows := [s for s in summaries if s.unit == u])
        ],
        "unit_headers": UNIT_HEADERS[unit],
        "old_rules": run.rules_version < RULES_VERSION,
        "overlap": run_overlap(run=run, roots=roots),
        "coverage": run_coverage(run=run, roots=roots),
        "breakdown": breakdown,
        "peak": peak,
        "program": program,
        "root": Region.objects.filter(code=root).first(),
        "region": region,
        "programs": Program.objects.filter(code__in=run.criteria_snapshot).order_by("code"),
        "disbursement_flags": disbursement_flags(user=request.user)[:20],
        "other_runs": run_list(user=request.user)
        .filter(region=run.region, state=run.State.DONE)
        .exclude(pk=run.pk)[:10],
    }
    return render(request, "programs/run_detail.html", context)


@role_required(Permission.VIEW_TARGETING)
def run_households_view(request: AuthenticatedRequest, run_id: int) -> HttpResponse:
    run = run_get_for_user(user=request.user, run_id=run_id)
    roots, program, region = _filters(request, run)
    kind = request.GET.get("jenis", "exclusion")
    if program is None or kind not in HOUSEHOLD_KINDS:
        raise Http404
    unit = LIST_UNITS.get(request.GET.get("satuan", ""), program_unit(program))
    if unit == "person" and program_unit(program) != "person":
        raise Http404  # a family program's persons are not listed one by one
    if request.method == "POST":
        return _export(request, run=run, program=program, kind=kind, region=region, unit=unit)
    rows: Any = (
        run_persons(run=run, roots=roots, program=program, kind=kind)
        if unit == "person"
        else run_households(run=run, roots=roots, program=program, kind=kind)
    )
    after = request.GET.get("setelah", "")
    total = run_figure_total(run=run, roots=roots, program=program, kind=kind, unit=unit)
    ordering = run_rows_ordering(run=run, roots=roots)
    page = keyset_page(rows, after=id_from_text(after), total=total, ordering=ordering)
    params = request.GET.copy()
    params.pop("setelah", None)
    return render(
        request,
        "programs/run_persons.html" if unit == "person" else "programs/run_households.html",
        {
            "run": run,
            "program": program,
            "kind": kind,
            "kind_label": (PERSON_KIND_LABELS if unit == "person" else KIND_LABELS)[kind],
            "page": page,
            "region": region,
            "querystring": params.urlencode(),
        },
    )


def _export(
    request: AuthenticatedRequest,
    *,
    run: Any,
    program: Program,
    kind: str,
    region: str,
    unit: str,
) -> HttpResponse:
    job = job_create_for_user(
        kind="targeting_export",
        user=request.user,
        permission=Permission.VIEW_TARGETING,
        region=run.region,
        parameters={
            "run_id": run.pk,
            "program": program.code,
            "kind": kind,
            "region": region,
            "unit": unit,
        },
    )
    messages.info(request, _("Ekspor disiapkan di latar belakang; unduh dari halaman ini."))
    return redirect("jobs:detail", job_id=job.pk)


@role_required(Permission.VIEW_TARGETING)
def run_recipients_view(request: AuthenticatedRequest, run_id: int) -> HttpResponse:
    run = run_get_for_user(user=request.user, run_id=run_id)
    roots, program, region = _filters(request, run)
    kind = request.GET.get("jenis", RunRecipientIssue.Kind.NOT_IN_REGISTRY)
    labels = {**dict(RunRecipientIssue.Kind.choices), **ISSUE_GROUP_LABELS}
    if program is None or kind not in labels:
        raise Http404
    recipients = run_recipient_issues(run=run, roots=roots, program=program, kind=kind).annotate(
        head_name=household_head_name(household="household_id")
    )
    after = request.GET.get("setelah", "")
    page = keyset_page(recipients, after=id_from_text(after))
    params = request.GET.copy()
    params.pop("setelah", None)
    return render(
        request,
        "programs/run_recipients.html",
        {
            "run": run,
            "program": program,
            "kind_label": labels[kind],
            "page": page,
            "region": region,
            "querystring": params.urlencode(),
        },
    )


@role_required(Permission.VIEW_TARGETING)
def run_compare_view(request: AuthenticatedRequest) -> HttpResponse:
    """Two runs side by side, per program: what changed between them. Without both runs
    named, a form asks which (the user's finished runs only); a run that does not exist or
    lies outside the user's regions is not found."""
    first_id, second_id = (id_from_text(request.GET.get(n, "").strip()) for n in ("a", "b"))
    if first_id is None or second_id is None:
        runs = list(run_list(user=request.user).filter(state="done")[:100])
        form = RunCompareForm(request.GET or None, runs=runs)
        if form.is_bound:
            form.is_valid()  # names what is missing; unknown ids are left to the lookup
        return render(request, "programs/run_compare_pick.html", {"form": form, "runs": runs})
    first, second = (run_get_for_user(user=request.user, run_id=i) for i in (first_id, second_id))
    rows = []
    scope_a = run_scope(user=request.user, run=first)
    scope_b = run_scope(user=request.user, run=second)
    before = {s.program.code: s for s in run_summary(run=first, roots=scope_a)}
    for after in run_summary(run=second, roots=scope_b):
        old = before.get(after.program.code)
        rows.append(
            {
                "program": after.program,
                "figures": [
                    (
                        label,
                        old.totals[name] if old else None,
                        after.totals[name],
                        after.totals[name] - (old.totals[name] if old else 0),
                    )
                    for name, label in _compared(after.unit)
                ],
            }
        )
    return render(
        request,
        "programs/run_compare.html",
        {
            "first": first,
            "second": second,
            "rows": rows,
            "old_rules": min(first.rules_version, second.rules_version) < RULES_VERSION,
        },
    )


def _compared(unit: str) -> list[tuple[str, Any]]:
    """(stored field, label) of the figures compared, each in the program's own unit."""
    headers = UNIT_HEADERS[unit]
    return [
        *((name, headers[figure]) for figure, name in UNIT_FIGURES[unit].items()),
        ("not_in_registry", gettext_lazy("Tidak di registri (baris daftar)")),
        ("duplicates", gettext_lazy("Ganda (baris daftar)")),
    ]
