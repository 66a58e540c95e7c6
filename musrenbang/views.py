"""Musrenbang pages: thin views over ``musrenbang.services`` and ``musrenbang.selectors``."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import Http404, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from musrenbang import selectors as sel
from musrenbang import services as svc
from musrenbang.forms import (
    AttendeeForm,
    CeilingForm,
    ForumForm,
    MinutesSignedForm,
    PlanningYearForm,
    ProposalEditForm,
    ProposalFilterForm,
    ProposalForm,
)
from musrenbang.lineage import proposal_lineage
from musrenbang.models import Criterion, PlanningYear, Proposal
from tkpk.access import user_permissions
from tkpk.paging import id_from_text, keyset_page
from tkpk.roles import Permission
from tkpk.views.decorators import AuthenticatedRequest, role_required

MANAGE = Permission.MANAGE_MUSRENBANG
PROPOSALS_PER_PAGE = 50


def musrenbang_required(
    view: Callable[..., HttpResponseBase],
) -> Callable[..., HttpResponseBase]:
    """A role that manages or proposes in Musrenbang."""

    @role_required(None)
    @wraps(view)
    def wrapped(request: AuthenticatedRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not set(sel.MUSRENBANG_PERMISSIONS) & user_permissions(request.user):
            return render(request, "tkpk/forbidden.html", status=403)
        return view(request, *args, **kwargs)

    return wrapped


def _errors_to_form(form: Form, exc: ValidationError, fields: dict[str, str] | None = None) -> None:
    fields = fields or {}
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            name = fields.get(field, field)
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc)


def _can_manage(request: AuthenticatedRequest, code: str) -> bool:
    return sel.musrenbang_may_write(request.user, code, permission=MANAGE)


# ---------------------------------------------------------------------------- years


@musrenbang_required
def year_list_view(request: AuthenticatedRequest) -> HttpResponse:
    return render(
        request,
        "musrenbang/year_list.html",
        {
            "years": sel.planning_year_list(user=request.user),
            "can_manage": MANAGE in user_permissions(request.user),
        },
    )


@role_required(MANAGE)
def year_create_view(request: AuthenticatedRequest) -> HttpResponse:
    form = PlanningYearForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            year = svc.planning_year_create(
                user=request.user,
                region_code=form.cleaned_data["region"],
                year=form.cleaned_data["year"],
            )
        except ValidationError as exc:
            _errors_to_form(form, exc)
        else:
            messages.success(request, _("Tahun perencanaan dibuat dengan tahap dan rubrik bawaan."))
            return redirect("musrenbang:year-detail", year_id=year.pk)
    return render(request, "musrenbang/year_form.html", {"form": form})


@musrenbang_required
def year_detail_view(request: AuthenticatedRequest, year_id: int) -> HttpResponse:
    year = sel.planning_year_get_for_user(user=request.user, planning_year_id=year_id)
    rubric = getattr(year, "rubric", None)
    return render(
        request,
        "musrenbang/year_detail.html",
        {
            "year": year,
            "stages": sel.planning_year_stages(planning_year=year),
            "districts": sel.planning_year_districts(user=request.user, planning_year=year),
            "forums": sel.forum_list(user=request.user, planning_year=year),
            "rubric": rubric,
            "criteria": list(rubric.criteria.all()) if rubric else [],
            "can_manage": _can_manage(request, year.region_id),
            "can_propose": bool(set(sel.MUSRENBANG_PERMISSIONS) & user_permissions(request.user)),
        },
    )


@require_POST
@role_required(MANAGE)
def stage_close_view(request: AuthenticatedRequest, stage_id: int) -> HttpResponse:
    stage = sel.stage_get_for_user(user=request.user, stage_id=stage_id)
    try:
        svc.stage_close(user=request.user, stage=stage)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Tahap ditutup: hasilnya kini hanya dapat diubah tercatat."))
    return redirect("musrenbang:year-detail", year_id=stage.planning_year_id)


# ---------------------------------------------------------------------------- forums


@musrenbang_required
def forum_create_view(request: AuthenticatedRequest, year_id: int) -> HttpResponse:
    year = sel.planning_year_get_for_user(user=request.user, planning_year_id=year_id)
    form = ForumForm(request.POST or None, user=request.user, planning_year=year)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            forum = svc.forum_create(
                user=request.user,
                planning_year=year,
                data=svc.ForumInput(
                    region_code=d["region"],
                    name=d["name"],
                    held_on=d["held_on"],
                    place=d["place"],
                    chair=d["chair"],
                    chair_nip=d["chair_nip"],
                    minutes_number=d["minutes_number"],
                    kind=d["kind"],
                    agency_id=d["agency"],
                ),
            )
        except ValidationError as exc:
            _errors_to_form(form, exc, {"region": "region", "agency_id": "agency"})
        else:
            messages.success(request, _("Forum tersimpan."))
            return redirect("musrenbang:forum-detail", forum_id=forum.pk)
    status = 400 if form.errors else 200
    return render(
        request, "musrenbang/forum_form.html", {"form": form, "year": year}, status=status
    )


def _forum_page(
    request: AuthenticatedRequest, forum: Any, form: AttendeeForm | None = None, status: int = 200
) -> HttpResponse:
    return render(
        request,
        "musrenbang/forum_detail.html",
        {
            "forum": forum,
            "attendees": forum.attendees.all(),
            "mix": sel.attendance_mix(forum=forum),
            "proposals": forum.proposals.select_related("village").order_by("rank_in_forum", "id"),
            "can_write": svc.forum_may_write(user=request.user, forum=forum),
            "form": form or AttendeeForm(),
            "minutes_form": MinutesSignedForm(),
        },
        status=status,
    )


@musrenbang_required
def forum_detail_view(request: AuthenticatedRequest, forum_id: int) -> HttpResponse:
    return _forum_page(request, sel.forum_get_for_user(user=request.user, forum_id=forum_id))


@require_POST
@musrenbang_required
def attendance_add_view(request: AuthenticatedRequest, forum_id: int) -> HttpResponse:
    forum = sel.forum_get_for_user(user=request.user, forum_id=forum_id)
    form = AttendeeForm(request.POST)
    if form.is_valid():
        try:
            svc.attendance_add(
                user=request.user, forum=forum, attendees=[svc.AttendeeInput(**form.cleaned_data)]
            )
        except ValidationError as exc:
            _errors_to_form(form, exc)
        else:
            messages.success(request, _("Peserta ditambahkan ke daftar hadir."))
            return redirect("musrenbang:forum-detail", forum_id=forum.pk)
    return _forum_page(request, forum, form, status=400)


# ---------------------------------------------------------------------------- proposals


@musrenbang_required
def proposal_list_view(request: AuthenticatedRequest) -> HttpResponse:
    params = {k: v for k, v in request.GET.items() if k != "setelah"}
    form = ProposalFilterForm(params or None)
    filters = sel.ProposalFilters()
    if form.is_bound and form.is_valid():
        d = form.cleaned_data
        filters = sel.ProposalFilters(
            planning_year=d["tahun"], village=d["desa"].strip(), status=d["status"]
        )
    page = keyset_page(
        sel.proposal_list(user=request.user, filters=filters),
        after=id_from_text(request.GET.get("setelah")),
        size=PROPOSALS_PER_PAGE,
    )
    return render(
        request,
        "musrenbang/proposal_list.html",
        {
            "form": form,
            "page": page,
            "querystring": "&".join(f"{k}={v}" for k, v in params.items()),
            "years": sel.planning_year_list(user=request.user),
        },
    )


def _proposal_input(form: ProposalForm) -> svc.ProposalInput:
    d = form.cleaned_data
    return svc.ProposalInput(
        title=d["title"],
        problem=d["problem"],
        village_code=d["village"],
        rt=d["rt"],
        rw=d["rw"],
        latitude=d["latitude"],
        longitude=d["longitude"],
        is_physical=d["is_physical"],
        field_of_affairs=d["field_of_affairs"],
        cluster=d["cluster"],
        strategy=d["strategy"],
        volume=d["volume"],
        unit=d["unit"],
        estimated_cost=d["estimated_cost"],
        beneficiaries=d["beneficiaries"],
        beneficiary_kind=d["beneficiary_kind"],
        forum_id=d["forum"],
        rank_in_forum=d["rank_in_forum"],
        agency_id=d["agency"],
        repeats_id=d["repeats"],
    )


FORM_FIELDS = {
    "village_code": "village",
    "forum_id": "forum",
    "agency_id": "agency",
    "repeats_id": "repeats",
}


@musrenbang_required
def proposal_create_view(request: AuthenticatedRequest, year_id: int) -> HttpResponse:
    year = sel.planning_year_get_for_user(user=request.user, planning_year_id=year_id)
    form = ProposalForm(request.POST or None, user=request.user, planning_year=year)
    if request.method == "POST" and form.is_valid():
        try:
            proposal = svc.proposal_create(
                user=request.user, planning_year=year, data=_proposal_input(form)
            )
        except ValidationError as exc:
            _errors_to_form(form, exc, FORM_FIELDS)
        else:
            messages.success(request, _("Usulan tersimpan."))
            return redirect("musrenbang:proposal-detail", proposal_id=proposal.pk)
    status = 400 if form.errors else 200
    return render(
        request,
        "musrenbang/proposal_form.html",
        {"form": form, "year": year, "proposal": None},
        status=status,
    )


@musrenbang_required
def proposal_edit_view(request: AuthenticatedRequest, proposal_id: int) -> HttpResponse:
    proposal = sel.proposal_get_for_user(user=request.user, proposal_id=proposal_id)
    initial = {
        "title": proposal.title,
        "problem": proposal.problem,
        "village": proposal.village_id,
        "rt": proposal.rt,
        "rw": proposal.rw,
        "latitude": proposal.latitude,
        "longitude": proposal.longitude,
        "is_physical": proposal.is_physical,
        "field_of_affairs": proposal.field_of_affairs,
        "cluster": proposal.cluster,
        "strategy": proposal.strategy,
        "volume": proposal.volume,
        "unit": proposal.unit,
        "estimated_cost": proposal.estimated_cost,
        "beneficiaries": proposal.beneficiaries,
        "beneficiary_kind": proposal.beneficiary_kind,
        "forum": proposal.forum_id,
        "rank_in_forum": proposal.rank_in_forum,
        "agency": proposal.agency_id,
        "repeats": proposal.repeats_id,
    }
    form = ProposalEditForm(
        request.POST or None,
        user=request.user,
        planning_year=proposal.planning_year,
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        try:
            svc.proposal_update(
                user=request.user,
                proposal=proposal,
                data=_proposal_input(form),
                amendment_reason=form.cleaned_data["amendment_reason"],
            )
        except ValidationError as exc:
            _errors_to_form(form, exc, FORM_FIELDS)
        else:
            messages.success(request, _("Usulan tersimpan."))
            return redirect("musrenbang:proposal-detail", proposal_id=proposal.pk)
    status = 400 if form.errors else 200
    return render(
        request,
        "musrenbang/proposal_form.html",
        {"form": form, "year": proposal.planning_year, "proposal": proposal},
        status=status,
    )


def _proposal_page(
    request: AuthenticatedRequest, proposal: Proposal, errors: list[str] | None = None
) -> HttpResponse:
    poverty = sel.village_poverty(village_codes=[proposal.village_id])[proposal.village_id]
    breakdown = sel.proposal_score_breakdown(proposal=proposal)
    lineage = proposal_lineage(proposal_ids=[proposal.pk]).get(proposal.pk)
    # The earlier proposal it repeats, when the user may see that one too.
    repeats = (
        sel.proposal_list(user=request.user).filter(pk=proposal.repeats_id).first()
        if proposal.repeats_id
        else None
    )
    return render(
        request,
        "musrenbang/proposal_detail.html",
        {
            "proposal": proposal,
            "lineage": lineage,
            "repeats": repeats,
            "poverty": poverty,
            "breakdown": breakdown,
            "children": proposal.children.select_related("village"),
            "amendments": proposal.amendments.select_related("made_by", "stage"),
            "can_score": _can_manage(request, proposal.village_id),
            "can_edit": sel.musrenbang_may_propose(request.user, proposal.village_id),
            "score_errors": errors or [],
            "scale": range(1, 6),
        },
        status=400 if errors else 200,
    )


@musrenbang_required
def proposal_detail_view(request: AuthenticatedRequest, proposal_id: int) -> HttpResponse:
    return _proposal_page(
        request, sel.proposal_get_for_user(user=request.user, proposal_id=proposal_id)
    )


@require_POST
@role_required(MANAGE)
def proposal_score_view(request: AuthenticatedRequest, proposal_id: int) -> HttpResponse:
    proposal = sel.proposal_get_for_user(user=request.user, proposal_id=proposal_id)
    values: dict[int, int] = {}
    errors: list[str] = []
    manual = Criterion.objects.filter(
        rubric__planning_year_id=proposal.planning_year_id, automatic=""
    )
    for criterion in manual:
        raw = request.POST.get(f"kriteria-{criterion.pk}", "").strip()
        if not raw:
            continue
        try:
            values[criterion.pk] = int(raw)
        except ValueError:
            errors.append(
                _("Skor '%(name)s' harus 1 sampai 5, bukan %(value)s.")
                % {"name": criterion.name, "value": raw}
            )
    if not values and not errors:
        errors.append(_("Belum ada skor yang diisi."))
    if not errors:
        try:
            svc.proposal_score_record(user=request.user, proposal=proposal, values=values)
        except ValidationError as exc:
            errors = exc.messages
        else:
            messages.success(request, _("Skor tersimpan."))
            return redirect("musrenbang:proposal-detail", proposal_id=proposal.pk)
    return _proposal_page(request, proposal, errors)


# ---------------------------------------------------------------------------- districts


def _district_page(
    request: AuthenticatedRequest,
    year: PlanningYear,
    district: Any,
    form: CeilingForm | None = None,
    status: int = 200,
) -> HttpResponse:
    ranking = list(sel.district_ranking(planning_year=year, district=district))
    poverty = sel.village_poverty(village_codes={p.village_id for p in ranking})
    ceiling = sel.district_ceiling(planning_year=year, district=district)
    return render(
        request,
        "musrenbang/district.html",
        {
            "year": year,
            "district": district,
            "ceiling": ceiling,
            "rows": [(p, poverty[p.village_id]) for p in ranking],
            "unscored": sel.district_unscored_count(planning_year=year, district=district),
            "fill_rule": svc.FILL_RULE,
            "can_manage": _can_manage(request, district.code),
            "form": form or CeilingForm(initial={"amount": ceiling.amount if ceiling else ""}),
        },
        status=status,
    )


@musrenbang_required
def district_detail_view(request: AuthenticatedRequest, year_id: int, code: str) -> HttpResponse:
    year = sel.planning_year_get_for_user(user=request.user, planning_year_id=year_id)
    district = sel.district_get_for_user(user=request.user, planning_year=year, code=code)
    if request.method != "POST":
        return _district_page(request, year, district)
    form = CeilingForm(request.POST)
    if form.is_valid():
        d = form.cleaned_data
        inputs: dict[str, Any] = {"note": d["note"]}
        try:
            if d["base"]:
                inputs["base"] = svc.rupiah_parse(d["base"])
            svc.district_ceiling_set(
                user=request.user,
                planning_year=year,
                district=district,
                amount=d["amount"],
                formula_inputs=inputs,
            )
        except ValidationError as exc:
            _errors_to_form(form, exc, {"district": "amount"})
        else:
            messages.success(request, _("Pagu indikatif tersimpan."))
            return redirect("musrenbang:district-detail", year_id=year.pk, code=district.code)
    return _district_page(request, year, district, form, status=400)


@require_POST
@role_required(MANAGE)
def district_fill_view(request: AuthenticatedRequest, year_id: int, code: str) -> HttpResponse:
    year = sel.planning_year_get_for_user(user=request.user, planning_year_id=year_id)
    district = sel.district_get_for_user(user=request.user, planning_year=year, code=code)
    if not _can_manage(request, district.code):
        raise Http404
    try:
        svc.proposal_auto_scores_fill(planning_year=year, district_code=district.code)
        svc.proposal_scores_compute(planning_year=year, district_code=district.code)
        result = svc.district_ceiling_fill(user=request.user, planning_year=year, district=district)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _(
                "Peringkat disusun: %(accepted)s usulan disepakati, %(reserve)s cadangan, "
                "%(unscored)s belum dinilai."
            )
            % {"accepted": result.accepted, "reserve": result.reserve, "unscored": result.unscored},
        )
    return redirect("musrenbang:district-detail", year_id=year.pk, code=district.code)


@require_POST
@role_required(MANAGE)
def proposal_reject_view(request: AuthenticatedRequest, proposal_id: int) -> HttpResponse:
    proposal = sel.proposal_get_for_user(user=request.user, proposal_id=proposal_id)
    try:
        svc.proposal_reject(
            user=request.user, proposal=proposal, reason=request.POST.get("reason", "")
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Usulan ditolak dengan alasannya."))
    return redirect("musrenbang:proposal-detail", proposal_id=proposal.pk)
