from __future__ import annotations

import io

import pytest
from django.utils import translation
from django.utils.html import escape

from households.models import Household, HouseholdChange, Person, VerificationBatch
from households.services import batch_upload, batch_validate
from programs.models import Recipient, RecipientStatusChange
from tkpk.tabular.problems import file_problem_text

LEAKS = ("Traceback", "Error:", "Exception", 'File "/', "pyarrow", "openpyxl", "codec")


def assert_no_leak(text: str) -> None:
    """Nothing a person reads names an exception, a library or a source file."""
    for leak in LEAKS:
        assert leak not in text, (leak, text[:2000])


def in_both_languages(problem: dict) -> tuple[str, str]:
    """The problem as an Indonesian and an English reader see it; the two differ, so the
    English one is translated."""
    with translation.override("id"):
        indonesian = file_problem_text(problem)
    with translation.override("en"):
        english = file_problem_text(problem)
    assert indonesian and english and indonesian != english, problem
    assert_no_leak(indonesian), assert_no_leak(english)
    return indonesian, english


def shown(text: str) -> str:
    """``text`` as a template prints it."""
    return str(escape(text))


def registry_counts() -> dict[str, int]:
    return {
        "households": Household.objects.count(),
        "persons": Person.objects.count(),
        "changes": HouseholdChange.objects.count(),
    }


def recipient_counts() -> dict[str, int]:
    return {
        "recipients": Recipient.objects.count(),
        "status_changes": RecipientStatusChange.objects.count(),
    }


@pytest.fixture
def upload_batch(people):
    """Upload and validate a registry batch through the service, as the Blitar operator."""

    def _upload(content: bytes, name: str) -> VerificationBatch:
        batch = batch_upload(
            user=people.blitar_social_operator,
            upload=io.BytesIO(content),
            filename=name,
            queue_validation=False,
        )
        batch_validate(batch=batch)
        batch.refresh_from_db()
        return batch

    return _upload
