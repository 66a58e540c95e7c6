"""The demo: a full TKPK, synthetic series labelled as such, rakor with overdue follow-ups;
the same for a seed, and a rerun adds nothing."""

from __future__ import annotations

from datetime import date

from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from monitoring.models import FollowUp, IndicatorValue, Meeting, TkpkMember
from monitoring.synthetic import SYNTHETIC_SOURCE, monitoring_generate


def test_the_demo_loads_every_part_and_a_rerun_adds_nothing(people, login):
    demo = monitoring_generate(
        regency_code="35.05", seed=2026, username=people.blitar_secretariat.username
    )
    assert demo.members == TkpkMember.objects.count() >= 15
    positions = set(TkpkMember.objects.values_list("position", flat=True))
    assert {"responsible", "chair", "vice_chair", "secretary", "secretariat_head"} <= positions
    regions = set(IndicatorValue.objects.values_list("region_code", flat=True))
    assert regions == {"35.05", "35", "00"}
    assert set(IndicatorValue.objects.values_list("source", flat=True)) == {SYNTHETIC_SOURCE}
    assert IndicatorValue.objects.filter(
        indicator="extreme_poverty", year=2025, method_version="US$2,15 PPP 2017"
    ).exists()
    assert Meeting.objects.count() == 2
    assert FollowUp.objects.filter(status="done").exists()
    snapshot = list(IndicatorValue.objects.order_by("id").values_list("value", flat=True))
    counts = (TkpkMember.objects.count(), Meeting.objects.count(), FollowUp.objects.count())
    call_command("generate_monitoring", "--regency", "35.05", "--username", "sekretariat.blitar")
    assert list(IndicatorValue.objects.order_by("id").values_list("value", flat=True)) == snapshot
    assert (TkpkMember.objects.count(), Meeting.objects.count(), FollowUp.objects.count()) == counts
    # every page shows data
    leader = login(people.blitar_leader)
    response = leader.get(reverse("monitoring:dashboard"))
    today = timezone.localdate()
    overdue = FollowUp.objects.filter(due_on__lt=today).exclude(status="done").count()
    assert response.context["d"]["follow_ups"]["overdue"] == overdue
    assert overdue >= (1 if today > date(2026, 7, 31) else 0)  # the demo's dates are in 2026
    assert response.content.decode().count("<svg") >= 2
    indicators = leader.get(reverse("monitoring:indicator-list")).content.decode()
    assert SYNTHETIC_SOURCE in indicators and indicators.count("<svg") >= 8
