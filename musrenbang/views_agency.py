"""The agency's (OPD's) pages: the proposals routed to it, its review of each and the
fate of each in the budget. Thin views over ``selectors_agency`` and ``services.review``."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from musrenbang import selectors_agency as sel
from musrenbang.forms_agency import AgencyFilterForm, FateForm, ReviewForm
from musrenbang.models import Proposal
from musrenbang.services import review as svc
from musrenbang.views import _errors_to_form
from tkpk.paging import id_from_text, keyset_page
from tkpk.services.audit import request_ip
from tkpk.views.decorators import AuthenticatedRequest, role_required

PER_PAGE = 50


@role_required(sel.REVIEW)
def agency_proposal_list_view(request: AuthenticatedRequest) -> HttpResponse:
    params = {k: v for k, v in request.GET.items() if k != "setelah"}
    form = AgencyFilterForm(params or None)
    filters = sel.AgencyFilters()
    if form.is_bound and form.is_valid():
        d = form.cleaned_data
        filters = sel.AgencyFilters(planning_year=d["tahun"], state=d["keadaan"])
    page = keyset_page(
        sel.agency_proposal_list(user=request.user, filters=filters),
        after=id_from_text(request.GET.get("setelah")),
        size=PER_PAGE,
    )
    return render(
        request,
        "musrenbang/agency_list.html",
        {
            "form": form,
            "page": page,
            "querystring": "&".join(f"{k}={v}" for k, v in params.items()),
            "has_agency": sel.user_reviews_for_agency(request.user),
        },
        status=400 if form.errors else 200,
    )


def _grouped(amount: int | None) -> str:
    """A stored amount as the form shows it back: 12500000 -> "12.500.000"."""
    return f"{amount:,}".replace(",", ".") if amount else ""


def _page(
    request: AuthenticatedRequest,
    proposal: Proposal,
    *,
    review_form: ReviewForm | None = None,
    fate_form: FateForm | None = None,
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        "musrenbang/agency_proposal.html",
        {
            "proposal": proposal,
            "review_form": review_form
            or ReviewForm(
                initial={
                    "decision": proposal.review,
                    "program": proposal.renja_program,
                    "activity": proposal.renja_activity,
                    "sub_activity": proposal.renja_sub_activity,
                    "cost": _grouped(proposal.reviewed_cost),
                    "reason": proposal.review_reason,
                }
            ),
            "fate_form": fate_form
            or FateForm(
                initial={
                    "fate": proposal.fate,
                    "amount": _grouped(proposal.fate_amount),
                    "reason": proposal.fate_reason,
                }
            ),
            "may_review": proposal.status == Proposal.Status.ACCEPTED,
            "may_record_fate": proposal.review == Proposal.Review.ACCEPTED,
        },
        status=status,
    )


@role_required(sel.REVIEW)
def agency_proposal_view(request: AuthenticatedRequest, proposal_id: int) -> HttpResponse:
    return _page(
        request, sel.agency_proposal_get_for_user(user=request.user, proposal_id=proposal_id)
    )


@require_POST
@role_required(sel.REVIEW)
def agency_review_view(request: AuthenticatedRequest, proposal_id: int) -> HttpResponse:
    proposal = sel.agency_proposal_get_for_user(user=request.user, proposal_id=proposal_id)
    form = ReviewForm(request.POST)
    if form.is_valid():
        d = form.cleaned_data
        try:
            svc.proposal_review_record(
                user=request.user,
                proposal=proposal,
                data=svc.ReviewInput(
                    decision=d["decision"],
                    reason=d["reason"],
                    program=d["program"],
                    activity=d["activity"],
                    sub_activity=d["sub_activity"],
                    cost=d["cost"],
                ),
                ip=request_ip(request),
            )
        except ValidationError as exc:
            _errors_to_form(form, exc)
        else:
            messages.success(request, _("Hasil telaah OPD tersimpan."))
            return redirect("musrenbang:agency-proposal", proposal_id=proposal.pk)
    return _page(request, proposal, review_form=form, status=400)


@require_POST
@role_required(sel.REVIEW)
def agency_fate_view(request: AuthenticatedRequest, proposal_id: int) -> HttpResponse:
    proposal = sel.agency_proposal_get_for_user(user=request.user, proposal_id=proposal_id)
    form = FateForm(request.POST)
    if form.is_valid():
        d = form.cleaned_data
        try:
            svc.proposal_fate_record(
                user=request.user,
                proposal=proposal,
                data=svc.FateInput(fate=d["fate"], amount=d["amount"], reason=d["reason"]),
                ip=request_ip(request),
            )
        except ValidationError as exc:
            _errors_to_form(form, exc)
        else:
            messages.success(request, _("Nasib usulan dalam anggaran tersimpan."))
            return redirect("musrenbang:agency-proposal", proposal_id=proposal.pk)
    return _page(request, proposal, fate_form=form, status=400)
