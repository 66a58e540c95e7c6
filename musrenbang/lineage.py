"""Lineage across years: how many planning years running the same need has been proposed.

The same need is the same village and the same kind of activity (field of affairs,
physical or not), or a proposal explicitly linked to an earlier year's (``repeats``: it
then counts under the linked proposal's village and kind). A proposal of RKPD 2027 whose
need was also proposed for 2026 and 2025, but not 2024, is "proposed 3 years running".

One statement for any number of proposals (islands of consecutive years: ``year`` minus
its dense rank is constant along a run), the same on PostgreSQL and SQLite. Every figure
is a window over the regency's proposals of all years (a later year never changes an
earlier one's figures), so nothing is joined on the need's text keys: the planner, blind to
a CTE's size, made such joins nested loops (92 s for 20,000 proposals).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import connection

from musrenbang.models import PlanningYear, Proposal


@dataclass(frozen=True)
class Lineage:
    years_running: int  # this year included
    funded_before: int  # earlier years of the run whose proposal the budget funded

    @property
    def never_funded(self) -> bool:
        return self.funded_before == 0


_SQL = """
WITH needs AS (
    SELECT p.id, py.region_id AS regency, py.year,
           COALESCE(o.village_id, p.village_id) AS village,
           COALESCE(o.field_of_affairs, p.field_of_affairs) AS field,
           COALESCE(o.is_physical, p.is_physical) AS physical,
           CASE WHEN p.fate = 'funded' THEN 1 ELSE 0 END AS funded
    FROM {proposal} p
    JOIN {year} py ON py.id = p.planning_year_id
    LEFT JOIN {proposal} o ON o.id = p.repeats_id
    WHERE {regency}
),
yearly AS (
    SELECT n.id, n.regency, n.village, n.field, n.physical, n.year,
           MAX(n.funded) OVER (
               PARTITION BY n.regency, n.village, n.field, n.physical, n.year) AS year_funded,
           CASE WHEN ROW_NUMBER() OVER (
               PARTITION BY n.regency, n.village, n.field, n.physical, n.year ORDER BY n.id) = 1
               THEN 1 ELSE 0 END AS first_of_year,
           n.year - DENSE_RANK() OVER (
               PARTITION BY n.regency, n.village, n.field, n.physical ORDER BY n.year) AS run
    FROM needs n
),
runs AS (
    SELECT y.id, y.regency, y.year,
           DENSE_RANK() OVER (
               PARTITION BY y.regency, y.village, y.field, y.physical, y.run ORDER BY y.year)
               AS running,
           SUM(y.first_of_year * y.year_funded) OVER (
               PARTITION BY y.regency, y.village, y.field, y.physical, y.run ORDER BY y.year
               RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) - y.year_funded
               AS funded_before
    FROM yearly y
)
SELECT n.id, n.running, n.funded_before
FROM runs n
WHERE {wanted}
"""


def proposal_lineage(
    *, planning_year: PlanningYear | None = None, proposal_ids: list[int] | None = None
) -> dict[int, Lineage]:
    """The lineage of every proposal of ``planning_year`` or of the ids given."""
    if planning_year is None and not proposal_ids:
        return {}
    proposal = connection.ops.quote_name(Proposal._meta.db_table)
    year = connection.ops.quote_name(PlanningYear._meta.db_table)
    params: list[int | str] = []
    # Only the regencies of the proposals asked about are read (a need never crosses one).
    if planning_year is not None:
        regency = "py.region_id = %s"
        wanted = "n.year = %s AND n.regency = %s"
        params += [planning_year.region_id, planning_year.year, planning_year.region_id]
    else:
        ids = sorted(set(proposal_ids or []))
        regencies = sorted(
            PlanningYear.objects.filter(proposals__pk__in=ids)
            .values_list("region_id", flat=True)
            .distinct()
        )
        if not regencies:
            return {}
        regency = f"py.region_id IN ({', '.join(['%s'] * len(regencies))})"
        wanted = f"n.id IN ({', '.join(['%s'] * len(ids))})"
        params += [*regencies, *ids]
    sql = _SQL.format(proposal=proposal, year=year, regency=regency, wanted=wanted)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return {pk: Lineage(int(running), int(funded)) for pk, running, funded in cursor}


def proposal_years_running(
    *, planning_year: PlanningYear | None = None, proposal_ids: list[int] | None = None
) -> dict[int, int]:
    return {
        pk: lineage.years_running
        for pk, lineage in proposal_lineage(
            planning_year=planning_year, proposal_ids=proposal_ids
        ).items()
    }
