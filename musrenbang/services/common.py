"""What every Musrenbang write shares: the permission, the one "not found" answer, the
stage a result belongs to and whether it is still open, and rupiah as typed in Indonesia."""

from __future__ import annotations

import re
from decimal import ROUND_HALF_EVEN, Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from musrenbang.models import PlanningYear, Proposal, Stage
from tkpk.money import GROUPED, PLAIN
from tkpk.roles import Permission

MANAGE = Permission.MANAGE_MUSRENBANG


def region_not_found(field: str, code: str) -> ValidationError:
    """The one answer for a region that is missing or outside the user's reach."""
    return ValidationError(
        {field: [_("Wilayah %(code)s tidak ditemukan.") % {"code": code or "—"}]}
    )


def stage_of_kind(planning_year: PlanningYear, kind: str) -> Stage:
    return Stage.objects.get(planning_year=planning_year, kind=kind)


def stage_require_open(stage: Stage) -> None:
    if stage.closed_at is not None:
        raise ValidationError(
            _(
                "Tahap %(stage)s sudah ditutup: hasilnya hanya dapat diubah melalui "
                "perubahan tercatat."
            )
            % {"stage": stage.get_kind_display()}
        )


# ---------------------------------------------------------------------------- money

# A thousand trillion rupiah: beyond any proposal, well within a bigint.
RUPIAH_DIGITS = 15
_PLAIN = PLAIN
_GROUPED = GROUPED


def rupiah_parse(text: str | int) -> int:
    """A cost as typed in Indonesia: "1.500.000,00", "Rp 1.500.000", "1500000" -> 1500000.

    The dot groups thousands and the comma starts the sen; sen other than zero, a negative
    amount, zero and anything else are refused with a message saying which."""
    if isinstance(text, int):
        value = text
    else:
        cleaned = re.sub(r"(?i)^\s*rp\.?\s*", "", str(text)).strip().replace(" ", "")
        if cleaned.startswith("-"):
            raise ValidationError(_("Biaya tidak boleh negatif."))
        if not (_PLAIN.fullmatch(cleaned) or _GROUPED.fullmatch(cleaned)):
            raise ValidationError(
                _("'%(text)s' bukan angka rupiah (contoh: 1.500.000 atau 1.500.000,00).")
                % {"text": text}
            )
        whole, _sep, sen = cleaned.partition(",")
        if sen.strip("0"):
            raise ValidationError(_("Biaya ditulis dalam rupiah utuh, tanpa sen."))
        value = int(whole.replace(".", ""))
    if value < 0:
        raise ValidationError(_("Biaya tidak boleh negatif."))
    if value >= 10**RUPIAH_DIGITS:
        raise ValidationError(
            _("Biaya terlalu besar (paling banyak %(n)s angka).") % {"n": RUPIAH_DIGITS}
        )
    if value == 0:
        raise ValidationError(_("Biaya harus lebih dari nol."))
    return value


def proposals_in(
    planning_year: PlanningYear, district_code: str = "", proposal_ids: list[int] | None = None
) -> Any:
    rows = Proposal.objects.filter(planning_year=planning_year)
    if district_code:
        rows = rows.filter(village__code__startswith=district_code + ".")
    if proposal_ids is not None:
        rows = rows.filter(pk__in=proposal_ids)
    return rows


# Volume as typed in Indonesia: the comma starts the decimals and dots group thousands
# ("1.250,5"); without a comma, "1.250" groups thousands and "2.5" is a decimal point.
VOLUME_COMMA = re.compile(r"(\d{1,3}(\.\d{3})+|\d+),\d+")
VOLUME_GROUPED = re.compile(r"\d{1,3}(\.\d{3})+")
VOLUME_PLAIN = re.compile(r"\d+(\.\d+)?")
VOLUME_LIMIT = Decimal("1e10")


def volume_parse(text: str | Decimal | int) -> Decimal:
    """A volume greater than zero, to two decimals; a message saying why otherwise."""
    cleaned = str(text).strip().replace(" ", "")
    if VOLUME_COMMA.fullmatch(cleaned):
        cleaned = cleaned.replace(".", "").replace(",", ".")
    elif VOLUME_GROUPED.fullmatch(cleaned):
        cleaned = cleaned.replace(".", "")
    elif not VOLUME_PLAIN.fullmatch(cleaned):
        raise ValidationError(_("Volume harus angka lebih dari nol."))
    value = Decimal(cleaned).quantize(Decimal("0.01"), rounding=ROUND_HALF_EVEN)
    if value <= 0 or value >= VOLUME_LIMIT:
        raise ValidationError(_("Volume harus angka lebih dari nol."))
    return value
