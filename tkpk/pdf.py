"""PDF documents rendered from templates with WeasyPrint, with nothing fetched from outside.

Every PDF of the product (minutes, reports, profiles) goes through ``pdf_render``: the fonts
are the project's own (``tkpk/static/tkpk/fonts/``), so a document looks the same on every
machine, and a reference to anything but the project's static files (a URL typed into a
narrative, an image link) is refused instead of fetched.
"""

from __future__ import annotations

from typing import Any

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string

STATIC_PREFIX = "/static/"


class ExternalResourceRefused(ValueError):
    """A document asked for a resource that is not one of the project's static files."""


def static_file_for(url: str) -> str:
    """The project's static file a document's URL names, or ExternalResourceRefused."""
    path = url.removeprefix("file://")
    if path.startswith(STATIC_PREFIX):
        found = finders.find(path.removeprefix(STATIC_PREFIX))
        if isinstance(found, str):
            return found
    raise ExternalResourceRefused(url)


def _static_only_fetcher() -> Any:
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StaticOnlyFetcher(URLFetcher):  # type: ignore[misc]
        def fetch(self, url: str, headers: Any = None) -> Any:
            path = static_file_for(url)
            with open(path, "rb") as handle:
                return URLFetcherResponse(url, handle.read())

    return StaticOnlyFetcher()


def pdf_from_html(html: str) -> bytes:
    return pdf_document_from_html(html)[0]


def pdf_document_from_html(html: str) -> tuple[bytes, int]:
    """The PDF's bytes and its number of pages (a report states how long it is)."""
    from weasyprint import HTML
    from weasyprint.text.fonts import FontConfiguration

    fonts = FontConfiguration()
    document = HTML(string=html, base_url="/", url_fetcher=_static_only_fetcher()).render(
        font_config=fonts
    )
    return document.write_pdf(), len(document.pages)


def pdf_render(*, template_name: str, context: dict[str, Any]) -> bytes:
    """Render a template extending ``pdf/base.html`` to PDF bytes."""
    return pdf_from_html(render_to_string(template_name, context))


def pdf_render_counted(*, template_name: str, context: dict[str, Any]) -> tuple[bytes, int]:
    """``pdf_render`` with the number of pages."""
    return pdf_document_from_html(render_to_string(template_name, context))
