"""What an import declares about its table; ``tkpk.tabular`` does the rest (storing, sniffing,
reading in chunks, the batch's states and jobs)."""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from tkpk.models import AuditAction
from tkpk.tabular.problems import file_messages_add


@dataclass(frozen=True)
class TableImport:
    # Where uploads are kept (under PRIVATE_MEDIA_ROOT), how large they may be, what says so
    # (a gettext_noop text with ``%(mb)s``) and the name shown for a file that has none.
    folder: str
    max_bytes: int
    too_large: str
    default_name: str
    # The job kinds that validate and commit a batch, who may commit one, how a commit is
    # audited, and what a batch not ready to commit says (gettext_noop, ``%s`` its state).
    validate_job: str
    commit_job: str
    commit_permission: str
    commit_audit: AuditAction
    not_ready: str
    # The headers read (after aliases); other columns are warned about and not read.
    columns: Collection[str]
    # The refusal (``file_problem``) a header row without what the import needs gets.
    required: Callable[[list[str]], dict[str, Any] | None]
    aliases: Mapping[str, str] = field(default_factory=dict)
    ignored: Collection[str] = frozenset()
    # Free-text columns a person reads: a hidden direction character there refuses the file.
    text_columns: Collection[str] = ()
    # Tidies a chunk before blank rows are dropped (vectorised, never per row).
    prepared: Callable[[pd.DataFrame], pd.DataFrame] | None = None
    # Whole-file problems of this import: code -> Indonesian source text (gettext_noop).
    messages: Mapping[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        file_messages_add(self.messages)
