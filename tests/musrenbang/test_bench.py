"""The benchmark's Musrenbang phase on a small scale: proposals generated with scores, every
district's ceiling filled again within its amount, and a berita acara PDF of the busiest
district forum with its 150 attendees."""

from __future__ import annotations

import io

from django.db.models import Sum
from pypdf import PdfReader

from musrenbang.benchmark import ATTENDEES, musrenbang_bench
from musrenbang.minutes import forum_minutes, forum_minutes_pdf
from musrenbang.models import DistrictCeiling, Forum, Proposal


def test_the_phase_ranks_every_district_and_prints_the_busiest_forums_minutes(regions):
    figures = musrenbang_bench(regency_code="35.05", seed=3, report=lambda *a: None, proposals=120)
    assert figures["musrenbang_proposals"] == Proposal.objects.count() == 120
    assert figures["musrenbang_rank_s"] > 0 and figures["berita_acara_pdf_s"] > 0
    assert figures["musrenbang_recap_s"] > 0
    for ceiling in DistrictCeiling.objects.exclude(filled_at=None):
        accepted = Proposal.objects.filter(
            village__parent=ceiling.district, status=Proposal.Status.ACCEPTED
        ).aggregate(total=Sum("estimated_cost"))["total"]
        assert ceiling.agreed_total == (accepted or 0) <= ceiling.amount
    busiest = Forum.objects.get(
        attendees__isnull=False, level="district", attendees__name="Peserta Uji 1"
    )
    assert busiest.attendees.count() == ATTENDEES
    pdf = PdfReader(io.BytesIO(forum_minutes_pdf(minutes=forum_minutes(forum=busiest))))
    assert len(pdf.pages) >= 2
