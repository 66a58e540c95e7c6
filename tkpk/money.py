"""Rupiah as typed in Indonesia: the dot groups thousands and the comma starts the sen."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

PLAIN = re.compile(r"\d+(,\d{1,2})?")
GROUPED = re.compile(r"\d{1,3}(\.\d{3})+(,\d{1,2})?")
_CURRENCY = re.compile(r"(?i)^\s*rp\.?\s*")


def rupiah_amount(text: str | int | Decimal | None) -> Decimal:
    """ "1.500.000,50", "Rp 1.500.000", "1500000" -> Decimal; blank is zero. A negative
    amount or anything that is not a rupiah amount is refused with a message saying which
    (the caller names the field or row)."""
    if text is None:
        return Decimal("0.00")
    if isinstance(text, int | Decimal):
        value = Decimal(text)
    else:
        cleaned = _CURRENCY.sub("", str(text)).strip().replace(" ", "")
        if cleaned == "":
            return Decimal("0.00")
        if cleaned.startswith("-"):
            raise ValidationError(_("Jumlah rupiah tidak boleh negatif."))
        if not (PLAIN.fullmatch(cleaned) or GROUPED.fullmatch(cleaned)):
            raise ValidationError(
                _("'%(text)s' bukan angka rupiah (contoh: 1.500.000 atau 1.500.000,00).")
                % {"text": text}
            )
        try:
            value = Decimal(cleaned.replace(".", "").replace(",", "."))
        except InvalidOperation as exc:  # pragma: no cover - the patterns above are numbers
            raise ValidationError(_("'%(text)s' bukan angka rupiah.") % {"text": text}) from exc
    if value < 0:
        raise ValidationError(_("Jumlah rupiah tidak boleh negatif."))
    if value != value.quantize(Decimal("0.01")):
        raise ValidationError(_("Rupiah paling banyak dua angka sen."))
    if value >= Decimal("1e14"):
        raise ValidationError(_("Jumlah rupiah terlalu besar."))
    return value.quantize(Decimal("0.01"))
