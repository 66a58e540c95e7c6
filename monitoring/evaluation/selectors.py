"""Target against realisation, from grouped queries only.

Planned money is the RAT's indicative budget (``Allocation``) of the year; realised money
and physical output come from **accepted** realisation reports of the year up to the chosen
quarter (reports still waiting for the secretariat, or returned, do not count). Each figure
is one ``GROUP BY`` query per side (planned, realised), merged by key.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import F, Q, QuerySet, Sum
from django.utils.translation import gettext as _

from monitoring.models import Allocation, Plan, Report, Spending, SubActivity, Target
from monitoring.models.plans import Cluster, Funding
from tkpk.access import codes_scope_q, region_scope_q
from tkpk.models import Agency, Region
from tkpk.roles import Permission

# A gap is flagged when less than this share of the year's budget is spent by the end of
# ABSORPTION_GAP_FROM_QUARTER (issue 13: "under 50 % of budget spent by Q3").
ABSORPTION_GAP_PERCENT = Decimal("50")
ABSORPTION_GAP_FROM_QUARTER = 3

ZERO = Decimal("0.00")

DIMENSIONS = ("indicator", "activity", "agency", "cluster", "source", "location")


def _sub_activity_q(*, user: Any, region: str, year: int, prefix: str) -> Q:
    """RAT sub-activities of ``year`` in ``region`` and the user's reach."""
    p = f"{prefix}plan__" if prefix else "plan__"
    return (
        region_scope_q(user, field=f"{p}region__code", permission=Permission.VIEW_PROGRAMS)
        & codes_scope_q([region], field=f"{p}region__code")
        & Q(**{f"{p}kind": Plan.Kind.RAT, f"{p}first_year": year})
    )


def percent(part: Decimal | None, whole: Decimal | None) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part or 0) * 100 / Decimal(whole)).quantize(Decimal("0.1"))


def absorption_gap(*, planned: Decimal, realised: Decimal, quarter: int) -> bool:
    if quarter < ABSORPTION_GAP_FROM_QUARTER or not planned:
        return False
    return realised * 100 < planned * ABSORPTION_GAP_PERCENT


@dataclass
class EvaluationRow:
    key: Any
    label: str
    planned: Decimal = ZERO
    realised: Decimal = ZERO
    target: Decimal | None = None
    physical: Decimal | None = None
    unit: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def absorption(self) -> Decimal | None:
        return percent(self.realised, self.planned)

    @property
    def physical_percent(self) -> Decimal | None:
        return percent(self.physical, self.target)


# Per dimension: the grouping expression on an Allocation/Spending row's sub-activity.
def _key(dimension: str, sub: str) -> Any:
    return {
        "indicator": F(f"{sub}id"),
        "activity": F(f"{sub}activity_id"),
        "agency": F(f"{sub}agency_id"),
        "cluster": F(f"{sub}activity__program__priority__cluster"),
        "location": F(f"{sub}locations__region_id"),
    }[dimension]


def _grouped(rows: QuerySet[Any], key: Any, total: str) -> dict[Any, Decimal]:
    return {
        r["k"]: r["total"] or ZERO
        for r in rows.annotate(k=key).values("k").annotate(total=Sum(total)).order_by()
        if r["k"] is not None
    }


def evaluation_rows(
    *, user: Any, region: str, year: int, quarter: int = 4, by: str = "agency"
) -> list[EvaluationRow]:
    """Planned against realised money (and, per indicator, target against physical
    output) grouped ``by`` one of ``DIMENSIONS``, for the year up to ``quarter``.

    By location a sub-activity counts once in each priority location it names (district or
    village), so those rows do not add up to the total."""
    if by not in DIMENSIONS:
        raise ValueError(by)
    allocations = Allocation.objects.filter(
        _sub_activity_q(user=user, region=region, year=year, prefix="sub_activity__"), year=year
    )
    accepted = Q(report__status=Report.Status.ACCEPTED, report__year=year)
    spending = Spending.objects.filter(
        _sub_activity_q(user=user, region=region, year=year, prefix="report__sub_activity__"),
        accepted,
        report__quarter__lte=quarter,
    )
    if by == "source":
        planned = _grouped(allocations, F("source"), "amount")
        realised = _grouped(spending, F("source"), "amount")
    else:
        planned = _grouped(allocations, _key(by, "sub_activity__"), "amount")
        realised = _grouped(spending, _key(by, "report__sub_activity__"), "amount")
    keys = set(planned) | set(realised)
    labels = _labels(by, keys)
    rows = {
        k: EvaluationRow(
            key=k,
            label=labels.get(k, str(k)),
            planned=planned.get(k, ZERO),
            realised=realised.get(k, ZERO),
        )
        for k in keys
    }
    if by == "indicator":
        _physical(user=user, region=region, year=year, quarter=quarter, rows=rows)
    return sorted(rows.values(), key=lambda r: (r.label, str(r.key)))


def evaluation_total(rows: list[EvaluationRow], *, by: str) -> EvaluationRow | None:
    """The money of all rows together; none by location, where a sub-activity with several
    priority locations counts in each of them."""
    if by == "location" or not rows:
        return None
    return EvaluationRow(
        key=None,
        label=str(_("Jumlah")),
        planned=sum((r.planned for r in rows), ZERO),
        realised=sum((r.realised for r in rows), ZERO),
    )


def _physical(
    *, user: Any, region: str, year: int, quarter: int, rows: dict[Any, EvaluationRow]
) -> None:
    subs = SubActivity.objects.filter(
        _sub_activity_q(user=user, region=region, year=year, prefix="")
    )
    targets = dict(
        Target.objects.filter(sub_activity__in=subs, year=year).values_list(
            "sub_activity_id", "value"
        )
    )
    done = {
        r["sub_activity_id"]: r["total"]
        for r in Report.objects.filter(
            sub_activity__in=subs, year=year, quarter__lte=quarter, status=Report.Status.ACCEPTED
        )
        .values("sub_activity_id")
        .annotate(total=Sum("physical"))
        .order_by()
    }
    for sub in subs.values("id", "code", "name", "indicator", "unit"):
        row = rows.setdefault(sub["id"], EvaluationRow(key=sub["id"], label=""))
        row.label = f"{sub['code']} {sub['indicator']}"
        row.unit = sub["unit"]
        row.target = targets.get(sub["id"])
        row.physical = done.get(sub["id"], ZERO)
        row.extra["sub_activity"] = sub["name"]


def _labels(by: str, keys: Iterable[Any]) -> dict[Any, str]:
    keys = list(keys)
    if by == "source":
        return {k: str(Funding(k).label) for k in keys if k in Funding.values}
    if by == "cluster":
        return {k: str(Cluster(k).label) for k in keys if k in Cluster.values}
    if by == "agency":
        return dict(Agency.objects.filter(pk__in=keys).values_list("pk", "name"))
    if by == "location":
        return {
            c: f"{c} {n}"
            for c, n in Region.objects.filter(code__in=keys).values_list("code", "name")
        }
    if by == "activity":
        from monitoring.models import Activity

        return {
            pk: f"{code} {name}"
            for pk, code, name in Activity.objects.filter(pk__in=keys).values_list(
                "pk", "code", "name"
            )
        }
    return {}


def budget_realisation_by_agency_and_source(
    *, user: Any, region: str, year: int, quarter: int = 4
) -> list[dict[str, Any]]:
    """Planned and realised money per agency and funding source, for the leader's dashboard
    and the LP2KD (table III.1). Two grouped queries.

    Returns a list, ordered by agency name then source, of::

        {
            "agency_id": int,
            "agency": str,                 # the agency's name
            "source": str,                 # Program.Funding value: apbn, apbd_province, ...
            "source_label": str,           # "APBN", "APBD provinsi", ...
            "planned": Decimal,            # the RAT's indicative budget of ``year`` (Rp)
            "realised": Decimal,           # accepted reports of ``year``, quarters 1..quarter
            "absorption_percent": Decimal | None,  # realised / planned x 100, 1 decimal
            "gap": bool,                   # under ABSORPTION_GAP_PERCENT from the gap quarter
        }

    Only the user's regions inside ``region`` count; nothing planned and nothing spent
    gives no row."""
    sub = "sub_activity__"
    planned = {
        (r["sub_activity__agency_id"], r["source"]): r["total"]
        for r in Allocation.objects.filter(
            _sub_activity_q(user=user, region=region, year=year, prefix=sub), year=year
        )
        .values("sub_activity__agency_id", "source")
        .annotate(total=Sum("amount"))
        .order_by()
    }
    realised = {
        (r["report__agency_id"], r["source"]): r["total"]
        for r in Spending.objects.filter(
            _sub_activity_q(user=user, region=region, year=year, prefix="report__" + sub),
            report__status=Report.Status.ACCEPTED,
            report__year=year,
            report__quarter__lte=quarter,
        )
        .values("report__agency_id", "source")
        .annotate(total=Sum("amount"))
        .order_by()
    }
    keys = set(planned) | set(realised)
    names = dict(Agency.objects.filter(pk__in={k[0] for k in keys}).values_list("pk", "name"))
    rows = []
    for agency_id, source in keys:
        p = planned.get((agency_id, source)) or ZERO
        r = realised.get((agency_id, source)) or ZERO
        rows.append(
            {
                "agency_id": agency_id,
                "agency": names.get(agency_id, ""),
                "source": source,
                "source_label": str(Funding(source).label),
                "planned": p,
                "realised": r,
                "absorption_percent": percent(r, p),
                "gap": absorption_gap(planned=p, realised=r, quarter=quarter),
            }
        )
    order = list(Funding.values)
    return sorted(rows, key=lambda x: (x["agency"], order.index(x["source"])))


@dataclass
class FundingCell:
    planned: Decimal = ZERO
    realised: Decimal = ZERO

    @property
    def absorption(self) -> Decimal | None:
        return percent(self.realised, self.planned)


def funding_by_cluster(*, user: Any, region: str, year: int, quarter: int = 4) -> dict[str, Any]:
    """The funding-source view: for each cluster, APBN, APBD province, APBD regency,
    APBDes and non-government money side by side, planned against realised; plus a total
    row. ``{"sources": [(value, label)], "rows": [{"cluster": int, "label": str, "cells":
    {source: FundingCell}, "total": FundingCell}], "total": {...same shape...}}``."""
    cluster = "activity__program__priority__cluster"
    planned = (
        Allocation.objects.filter(
            _sub_activity_q(user=user, region=region, year=year, prefix="sub_activity__"),
            year=year,
        )
        .values(c=F(f"sub_activity__{cluster}"), s=F("source"))
        .annotate(total=Sum("amount"))
        .order_by()
    )
    realised = (
        Spending.objects.filter(
            _sub_activity_q(user=user, region=region, year=year, prefix="report__sub_activity__"),
            report__status=Report.Status.ACCEPTED,
            report__year=year,
            report__quarter__lte=quarter,
        )
        .values(c=F(f"report__sub_activity__{cluster}"), s=F("source"))
        .annotate(total=Sum("amount"))
        .order_by()
    )
    table: dict[int, dict[str, FundingCell]] = {}
    for side, rows in (("planned", planned), ("realised", realised)):
        for r in rows:
            cell = table.setdefault(r["c"], {}).setdefault(r["s"], FundingCell())
            setattr(cell, side, r["total"] or ZERO)
    sources = list(Funding.choices)

    def total_of(cells: Iterable[FundingCell]) -> FundingCell:
        cells = list(cells)
        return FundingCell(
            planned=sum((c.planned for c in cells), ZERO),
            realised=sum((c.realised for c in cells), ZERO),
        )

    out_rows: list[dict[str, Any]] = []
    for value, label in Cluster.choices:
        cells = {s: table.get(value, {}).get(s, FundingCell()) for s, _label in sources}
        out_rows.append(
            {
                "cluster": value,
                "label": str(label),
                "cells": cells,
                "total": total_of(cells.values()),
            }
        )
    column_totals = {s: total_of(row["cells"][s] for row in out_rows) for s, _label in sources}
    return {
        "sources": [(s, str(label)) for s, label in sources],
        "rows": out_rows,
        "total": {"cells": column_totals, "total": total_of(column_totals.values())},
    }
