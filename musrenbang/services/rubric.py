"""Editing a year's scoring rubric: criteria, weights summing to 100, five descriptors for
the 1-5 scale, which criteria the registry fills.

Once scoring has started (any score recorded for the year, by an assessor or from the
registry) the rubric is refused, not amended: every score was given against those criteria
and descriptors, and new weights would silently re-rank proposals a forum already agreed
on. A region that must change it after that starts a new rubric in a new planning year."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from musrenbang.models import Criterion, PlanningYear, ProposalScore, ScoringRubric
from musrenbang.selectors import musrenbang_may_write
from musrenbang.services.common import MANAGE, region_not_found
from tkpk.models import AuditAction, User
from tkpk.services.audit import audit_record

SCALE = 5
_CODE = re.compile(r"[a-z0-9][a-z0-9-]{0,29}")


@dataclass(frozen=True)
class CriterionInput:
    code: str
    name: str
    weight: int
    automatic: str = ""
    descriptors: list[str] = field(default_factory=list)


def rubric_scoring_started(*, planning_year: PlanningYear) -> int:
    """How many scores the year holds (0: the rubric may still change)."""
    return ProposalScore.objects.filter(proposal__planning_year=planning_year).count()


def rubric_update(
    *, user: User, planning_year: PlanningYear, name: str, criteria: list[CriterionInput]
) -> ScoringRubric:
    """Replace the year's criteria, every problem reported at once by row (1 = first)."""
    if not musrenbang_may_write(user, planning_year.region_id, permission=MANAGE):
        raise region_not_found("region", planning_year.region_id)
    errors: list[str] = []
    if not name.strip():
        errors.append(_("Nama rubrik wajib diisi."))
    if not criteria:
        errors.append(_("Rubrik memerlukan paling sedikit satu kriteria."))
    codes: set[str] = set()
    for i, c in enumerate(criteria, start=1):
        if not _CODE.fullmatch(c.code):
            errors.append(
                _("Kriteria %(row)s: kode huruf kecil, angka dan tanda minus (paling banyak 30).")
                % {"row": i}
            )
        elif c.code in codes:
            errors.append(
                _("Kriteria %(row)s: kode %(code)s dipakai dua kali.") % {"row": i, "code": c.code}
            )
        codes.add(c.code)
        if not c.name.strip():
            errors.append(_("Kriteria %(row)s: nama wajib diisi.") % {"row": i})
        if not 1 <= c.weight <= 100:
            errors.append(_("Kriteria %(row)s: bobot antara 1 dan 100.") % {"row": i})
        if c.automatic not in Criterion.Automatic.values:
            errors.append(_("Kriteria %(row)s: cara penilaian tidak dikenal.") % {"row": i})
        if len(c.descriptors) != SCALE or not all(d.strip() for d in c.descriptors):
            errors.append(
                _("Kriteria %(row)s: isi deskripsi untuk setiap skor 1 sampai 5.") % {"row": i}
            )
    total = sum(c.weight for c in criteria)
    if criteria and total != 100:
        errors.append(_("Jumlah bobot harus 100, sekarang %(total)s.") % {"total": total})
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        rubric = ScoringRubric.objects.select_for_update().get(planning_year=planning_year)
        scores = rubric_scoring_started(planning_year=planning_year)
        if scores:
            raise ValidationError(
                _(
                    "Penilaian sudah dimulai (%(n)s skor tercatat): rubrik tidak dapat diubah "
                    "lagi, karena skor yang ada diberikan menurut kriteria dan bobot ini."
                )
                % {"n": scores}
            )
        before = list(rubric.criteria.values("code", "name", "weight", "automatic"))
        rubric.criteria.all().delete()
        Criterion.objects.bulk_create(
            Criterion(
                rubric=rubric,
                code=c.code,
                name=c.name.strip(),
                weight=c.weight,
                order=i,
                automatic=c.automatic,
                descriptors=[d.strip() for d in c.descriptors],
            )
            for i, c in enumerate(criteria, start=1)
        )
        rubric.name = name.strip()
        rubric.is_default = False
        rubric.save(update_fields=["name", "is_default"])
        audit_record(
            actor=user,
            action=AuditAction.MUSRENBANG_RUBRIC_CHANGED,
            target=rubric,
            region_code=planning_year.region_id,
            detail={
                "before": before,
                "after": [
                    {"code": c.code, "name": c.name, "weight": c.weight, "automatic": c.automatic}
                    for c in criteria
                ],
            },
        )
    return rubric
