from __future__ import annotations

import binascii
from base64 import b64decode
from typing import Any, cast
from urllib import parse

from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.pagination import Cursor, CursorPagination, PageNumberPagination

from tkpk.paging import id_from_text


class StandardPagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500


class InvalidCursor(exceptions.ValidationError):
    """400 in the API's error format, naming the ``cursor`` parameter."""

    default_code = "invalid_cursor"

    def __init__(self) -> None:
        super().__init__(
            {
                "cursor": [
                    _(
                        "Kursor halaman tidak valid atau sudah diubah. Ikuti tautan next/"
                        "previous dari jawaban sebelumnya, atau mulai dari halaman pertama "
                        "tanpa parameter cursor."
                    )
                ]
            },
            code=self.default_code,
        )


class ByIdCursor(CursorPagination):
    """Cursor pages by id: constant time at any depth of a 1.2-million-row registry.

    A cursor is ours (base64 of ``o``, ``r`` and ``p`` as ``encode_cursor`` writes them) or
    it is refused with 400: REST framework's own decoding lets a position that is not an id
    reach the query (500) and reads text that is not base64 as the first page."""

    ordering = "id"
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500

    def decode_cursor(self, request: Any) -> Cursor | None:
        encoded = request.query_params.get(self.cursor_query_param)
        if encoded is None:
            return None
        try:
            text = b64decode(encoded.encode("ascii"), validate=True).decode("ascii")
            tokens = parse.parse_qs(text, keep_blank_values=True, strict_parsing=True)
        except (ValueError, binascii.Error):  # UnicodeError is a ValueError
            raise InvalidCursor() from None
        if set(tokens) - {"o", "r", "p"} or any(len(values) != 1 for values in tokens.values()):
            raise InvalidCursor()
        offset = id_from_text(tokens.get("o", ["0"])[0])
        reverse = tokens.get("r", ["0"])[0]
        position = tokens.get("p", [None])[0]
        if (
            offset is None
            or reverse not in ("0", "1")
            or (position is not None and id_from_text(position) is None)
        ):
            raise InvalidCursor()
        # REST framework keeps positions as the text it wrote (its stubs say int).
        return Cursor(
            offset=min(offset, self.offset_cutoff),
            reverse=reverse == "1",
            position=cast(Any, position),
        )


class ByPageIdCursor(ByIdCursor):
    """``ByIdCursor`` over the queryset's ``page_id`` annotation when it carries one: the id
    written as an expression, for rows of a narrow region (see ``tkpk.paging.keyset_page``).
    Cursors hold ids either way."""

    def get_ordering(self, request: Any, queryset: Any, view: Any) -> tuple[str, ...]:
        if "page_id" in queryset.query.annotations:
            return ("page_id",)
        return cast(tuple[str, ...], super().get_ordering(request, queryset, view))
