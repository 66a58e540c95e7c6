"""The Musrenbang phase of ``manage.py bench``: 20,000 scored proposals over the regency's
villages (the demo generator at scale: forums, attendance, scores, the ceiling formula and a
first fill), then timed: ranking and filling every district's ceiling again
(``musrenbang_rank_s``), the regency recap page (``musrenbang_recap_s``) and the berita acara
PDF of the busiest district forum with 150 attendees (``berita_acara_pdf_s``)."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from django.db.models import Count
from django.urls import reverse

from musrenbang.minutes import forum_minutes, forum_minutes_pdf
from musrenbang.models import Attendance, Forum, PlanningYear, Proposal
from musrenbang.services import AttendeeInput, attendance_add, district_ceiling_fill
from musrenbang.synthetic import musrenbang_generate
from tkpk.bench_pages import pages_timed
from tkpk.models import Region, RoleAssignment, User
from tkpk.roles import Role

Timer = Callable[[str, float, int], None]
YEAR = 2027
ATTENDEES = 150


def bench_secretariat(regency: Region) -> User:
    user, _ = User.objects.get_or_create(username="bench.sekretariat")
    RoleAssignment.objects.get_or_create(user=user, role=Role.SECRETARIAT, region=regency)
    return user


def musrenbang_bench(
    *, regency_code: str, seed: int, report: Timer, proposals: int = 20_000
) -> dict[str, Any]:
    regency = Region.objects.get(code=regency_code)
    user = bench_secretariat(regency)
    started = time.perf_counter()
    demo = musrenbang_generate(
        regency_code=regency_code, seed=seed, username=user.username, year=YEAR, proposals=proposals
    )
    report(
        "musrenbang: usulan, skor, pagu (pembuatan data)",
        time.perf_counter() - started,
        demo.proposals,
    )
    planning_year = demo.planning_year
    districts = list(
        Region.objects.filter(code__in=planning_year.proposals.values("village__parent_id"))
    )
    started = time.perf_counter()
    for district in districts:
        district_ceiling_fill(user=user, planning_year=planning_year, district=district)
    rank_s = time.perf_counter() - started
    report(f"musrenbang: peringkat dan pagu {len(districts)} kecamatan", rank_s, demo.proposals)
    forum, listed = _busiest_district_forum(planning_year)
    _attendance_top_up(forum=forum, user=user)
    started = time.perf_counter()
    pdf = forum_minutes_pdf(minutes=forum_minutes(forum=forum))
    pdf_s = time.perf_counter() - started
    report(f"berita acara kecamatan ({listed} usulan, {ATTENDEES} hadir)", pdf_s, listed)
    recap = reverse("musrenbang:recap", args=[planning_year.pk])
    recap_s = pages_timed(user=user, urls={"rekap": recap})["rekap"]
    report("musrenbang: halaman rekap kabupaten", recap_s, demo.proposals)
    return {
        "musrenbang_proposals": demo.proposals,
        "musrenbang_rank_s": round(rank_s, 2),
        "musrenbang_recap_s": round(recap_s, 2),
        "berita_acara_pdf_s": round(pdf_s, 2),
        "berita_acara_bytes": len(pdf),
    }


def _busiest_district_forum(planning_year: PlanningYear) -> tuple[Forum, int]:
    counts = dict(
        Proposal.objects.filter(planning_year=planning_year)
        .values_list("village__parent_id")
        .annotate(n=Count("id"))
        .values_list("village__parent_id", "n")
    )
    forum = max(
        Forum.objects.filter(planning_year=planning_year, level=Forum.Level.DISTRICT),
        key=lambda f: (counts.get(f.region_id, 0), f.region_id),
    )
    return forum, counts.get(forum.region_id, 0)


def _attendance_top_up(*, forum: Forum, user: User) -> None:
    missing = ATTENDEES - forum.attendees.count()
    if missing > 0:
        attendance_add(
            user=user,
            forum=forum,
            attendees=[
                AttendeeInput(
                    name=f"Peserta Uji {n + 1}",
                    sex="LP"[n % 2],
                    element=Attendance.Element.values[n % len(Attendance.Element.values)],
                )
                for n in range(missing)
            ],
        )
