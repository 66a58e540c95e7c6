"""Routing a planning year's proposals to agencies by field of affairs (the secretariat)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from musrenbang import selectors as sel
from musrenbang.models import FieldOfAffairs, PlanningYear
from musrenbang.services.routing import proposals_route_by_field
from musrenbang.views import MANAGE
from tkpk.models import Agency
from tkpk.views.decorators import AuthenticatedRequest, role_required


class RoutingForm(forms.Form):
    """One agency per field of affairs; an empty choice leaves that field alone."""

    def __init__(self, *args: object, planning_year: PlanningYear, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        agencies = Agency.objects.filter(
            region_id=planning_year.region_id, kind=Agency.Kind.OPD
        ).order_by("name")
        choices = [("", "—"), *((a.pk, a.name) for a in agencies)]
        for value, label in FieldOfAffairs.choices:
            self.fields[value] = forms.TypedChoiceField(
                label=label, choices=choices, coerce=int, empty_value=None, required=False
            )


@role_required(MANAGE)
def routing_view(request: AuthenticatedRequest, year_id: int) -> HttpResponse:
    year = sel.planning_year_get_for_user(user=request.user, planning_year_id=year_id)
    form = RoutingForm(request.POST or None, planning_year=year)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                routed = proposals_route_by_field(
                    user=request.user, planning_year=year, routes=form.cleaned_data
                )
            except ValidationError as exc:
                for field, errors in exc.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                messages.success(
                    request,
                    _("%(n)s usulan ditujukan ke perangkat daerah.") % {"n": sum(routed.values())},
                )
                return redirect("musrenbang:routing", year_id=year.pk)
    counts = {
        row["field_of_affairs"]: row
        for row in sel.proposal_list(user=request.user, filters=sel.ProposalFilters(year.pk))
        .values("field_of_affairs")
        .annotate(total=Count("id"), unrouted=Count("id", filter=Q(agency__isnull=True)))
        .order_by()
    }
    return render(
        request,
        "musrenbang/routing.html",
        {
            "year": year,
            "form": form,
            "rows": [
                (form[value], counts.get(value, {})) for value, _label in FieldOfAffairs.choices
            ],
        },
        status=status,
    )
