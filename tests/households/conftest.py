from __future__ import annotations

import io

import pytest

from households.models import VerificationBatch
from households.services import batch_commit, batch_minutes_attach, batch_upload, batch_validate

PDF = b"%PDF-1.4\n% berita acara Musdes\n"


@pytest.fixture
def upload(people):
    """Upload and validate a file as the Blitar social operator (or ``user``)."""

    def _upload(content: bytes, *, name: str = "batch.csv", user=None) -> VerificationBatch:
        batch = batch_upload(
            user=user or people.blitar_social_operator,
            upload=io.BytesIO(content),
            filename=name,
            queue_validation=False,
        )
        batch_validate(batch=batch)
        batch.refresh_from_db()
        return batch

    return _upload


@pytest.fixture
def commit(people):
    def _commit(batch: VerificationBatch, *, user=None) -> VerificationBatch:
        batch_minutes_attach(
            batch=batch,
            user=people.blitar_social_operator,
            upload=io.BytesIO(PDF),
            filename="berita-acara.pdf",
        )
        return batch_commit(batch_id=batch.pk, user=user or people.blitar_social_operator)

    return _commit
