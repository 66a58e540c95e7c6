"""A drill-down says how many families or persons stand behind the dashboard's number:
the stored figure, which must be exactly the number of rows the list pages through."""

from __future__ import annotations

from django.urls import reverse

from programs.models import Program
from programs.selectors import program_unit
from programs.targeting import selectors as results


def _listed(client, run, query: dict[str, str]) -> tuple[int, int]:
    """(the count the page states, the rows it pages through to the end)."""
    url = reverse("programs:run-households", args=[run.pk])
    response = client.get(url, query)
    assert response.status_code == 200
    stated, rows = response.context["page"].count, 0
    while True:
        page = response.context["page"]
        rows += len(page.items)
        if page.next_after is None:
            return stated, rows
        response = client.get(url, {**query, "setelah": page.next_after})


def test_every_drill_down_states_the_number_of_rows_it_lists(world, people, login):
    client = login(people.blitar_secretariat)
    checked = 0
    for program in Program.objects.filter(code__in=world.criteria_snapshot):
        units = ["keluarga"] + (["orang"] if program_unit(program) == "person" else [])
        for unit in units:
            for kind in results.HOUSEHOLD_KINDS:
                for region in ("", "35.05.01"):
                    query = {"program": program.code, "jenis": kind, "satuan": unit}
                    if region:
                        query["wilayah"] = region
                    stated, listed = _listed(client, world, query)
                    assert stated == listed, (program.code, unit, kind, region)
                    checked += listed
    assert checked > 0
