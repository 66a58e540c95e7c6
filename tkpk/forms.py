"""Form helpers shared by the apps' HTML views."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def errors_to_form(form: forms.Form, exc: ValidationError) -> None:
    """Show a service's ``ValidationError`` on the form: per field where the field is on the
    form, otherwise above it."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)
