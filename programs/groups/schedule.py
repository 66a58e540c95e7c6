"""Repayment schedules of group loans: instalments after a grace period (seed 004)."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date

DEFAULT_GRACE_MONTHS = 2
DEFAULT_INSTALMENTS = 10


def months_after(day: date, months: int) -> date:
    """The same day ``months`` later, or the month's last day when it is shorter."""
    years, month0 = divmod(day.month - 1 + months, 12)
    year, month = day.year + years, month0 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True)
class Instalment:
    number: int
    due_on: date
    amount: int


def repayment_schedule(
    *,
    loan_amount: int,
    disbursed_on: date,
    grace_months: int = DEFAULT_GRACE_MONTHS,
    instalments: int = DEFAULT_INSTALMENTS,
) -> list[Instalment]:
    """Equal monthly instalments after the grace period, the remainder on the last one so
    the instalments add up to the loan exactly. With a 2-month grace the first falls due 3
    months after disbursement and the tenth 12 months after it."""
    if loan_amount <= 0:
        return []
    share = loan_amount // instalments
    last = loan_amount - share * (instalments - 1)
    return [
        Instalment(
            number=n,
            due_on=months_after(disbursed_on, grace_months + n),
            amount=last if n == instalments else share,
        )
        for n in range(1, instalments + 1)
    ]
