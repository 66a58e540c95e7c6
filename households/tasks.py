"""Thin Celery wrappers for the registry."""

from __future__ import annotations

from celery import shared_task

from households.facts import household_facts_refresh


@shared_task(name="households.tasks.household_facts_refresh", time_limit=30 * 60)
def household_facts_refresh_all() -> int:
    """Ages move every day: children turn seven, adults turn sixty. Recount nightly."""
    return household_facts_refresh()
