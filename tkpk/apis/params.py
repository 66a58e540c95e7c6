"""Query parameters of list APIs: a parameter the view does not know, or a value it cannot
read, answers 400 in the common error format instead of being ignored (which returned every
row and let a caller believe its filter had worked).

A list view names its filters in a nested ``FilterInput`` serializer (or a Django form, for
the registry, whose page shares it); pagination parameters and DRF's ``format`` are known to
every view. ``self.filters`` holds the validated values.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.validators import RegexValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from tkpk.paging import id_from_text

# A region code at any level: 35, 35.05, 35.05.01 or 35.05.01.2001.
REGION_CODE = RegexValidator(
    r"^\d{2}(\.\d{2}(\.\d{2}(\.\d{4})?)?)?$",
    _("Kode wilayah ditulis seperti 35, 35.05, 35.05.01 atau 35.05.01.2001."),
)


class RegionCodeField(serializers.CharField):
    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", 13)
        super().__init__(**kwargs)
        self.validators.append(REGION_CODE)


class YesNoField(serializers.BooleanField):
    """true/false as DRF reads them, and the Indonesian ya/tidak the pages use."""

    TRUE_VALUES = {*serializers.BooleanField.TRUE_VALUES, "ya", "Ya", "YA"}
    FALSE_VALUES = {*serializers.BooleanField.FALSE_VALUES, "tidak", "Tidak", "TIDAK"}


def _pagination_params(view: Any) -> set[str]:
    paginator = getattr(view, "paginator", None)
    names = (
        "page_query_param",
        "page_size_query_param",
        "cursor_query_param",
        "limit_query_param",
        "offset_query_param",
    )
    return {getattr(paginator, n) for n in names if getattr(paginator, n, None)}


def _filter_names(view: Any) -> set[str]:
    names: set[str] = set()
    filter_input = getattr(view, "FilterInput", None)
    if filter_input is not None:
        names |= set(filter_input().fields)
    filter_form: type[forms.Form] | None = getattr(view, "filter_form", None)
    if filter_form is not None:
        names |= set(filter_form.base_fields)
    filterset_class = getattr(view, "filterset_class", None)
    if filterset_class is not None:
        names |= set(filterset_class.base_filters)
    return names


def query_params_validate(*, view: Any, request: Any) -> dict[str, Any]:
    """The view's filters read from the query string, or a 400 naming each bad parameter."""
    params = request.query_params
    known = {"format"} | _pagination_params(view) | _filter_names(view)
    errors: dict[str, list[str]] = {}
    for name in sorted(set(params)):
        if name not in known:
            errors[name] = [str(_("Parameter tidak dikenal."))]
        elif len(params.getlist(name)) > 1:
            errors[name] = [str(_("Parameter ini hanya boleh diisi sekali."))]
    size_param = getattr(getattr(view, "paginator", None), "page_size_query_param", None)
    # id_from_text, not str.isdigit(): "²" passes isdigit() and fails int().
    if (
        size_param
        and size_param in params
        and size_param not in errors
        and not id_from_text(params[size_param])
    ):
        errors[size_param] = [str(_("Isi bilangan bulat lebih dari 0."))]
    values: dict[str, Any] = {}
    filter_input = getattr(view, "FilterInput", None)
    if filter_input is not None:
        data = {k: params[k] for k in filter_input().fields if k in params and k not in errors}
        serializer = filter_input(data=data, context={"request": request, "view": view})
        if serializer.is_valid():
            values = dict(serializer.validated_data)
        else:
            errors.update(serializer.errors)
    if errors:
        raise serializers.ValidationError(errors)
    return values


class StrictQueryMixin:
    """For list APIs: unknown query parameters and unreadable filter values answer 400."""

    # Read by get_queryset; empty where DRF's schema generator calls it without a request.
    filters: dict[str, Any] = {}  # never mutated: initial() gives each request its own

    def initial(self, request: Any, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)  # type: ignore[misc]
        self.filters = {}
        if request.method in ("GET", "HEAD"):
            self.filters = query_params_validate(view=self, request=request)


class TodayContextMixin:
    """Serializers see one ``today`` for the whole response (states and days late)."""

    def get_serializer_context(self) -> dict[str, Any]:
        context = super().get_serializer_context()  # type: ignore[misc]
        context["today"] = timezone.localdate()
        return context
