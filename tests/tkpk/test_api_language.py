"""The API answers in the caller's language (Indonesian unless Accept-Language asks for
English), DRF's own texts included, and every list refuses a query parameter it does not
know or a filter value it cannot read with 400 in the one error format."""

from __future__ import annotations

import gettext
from pathlib import Path

import pytest
import rest_framework
from django.urls import URLResolver, get_resolver
from django.utils import translation
from rest_framework.generics import ListAPIView

from tkpk.apis.params import StrictQueryMixin

ENGLISH = {"HTTP_ACCEPT_LANGUAGE": "en-US,en;q=0.9"}


def _list_routes() -> list[tuple[str, type]]:
    """Every API route whose view lists (GET on a ListAPIView), in each app's API urls."""

    def walk(patterns: list, prefix: str) -> list[tuple[str, type]]:
        found = []
        for sub in patterns:
            if isinstance(sub, URLResolver):
                found += walk(sub.url_patterns, prefix + str(sub.pattern))
                continue
            view = getattr(sub.callback, "view_class", None)
            if view is not None and issubclass(view, ListAPIView):
                found.append((prefix + str(sub.pattern), view))
        return found

    api = [p for p in get_resolver().url_patterns if str(p.pattern) == "api/"]
    return [route for pattern in api for route in walk(pattern.url_patterns, "")]


def _url(route: str) -> str:
    return "/api/" + route.replace("<int:pk>", "1").replace("<str:code>", "PKH")


def test_every_list_api_checks_its_query_parameters():
    routes = _list_routes()
    assert len(routes) >= 10
    assert [r for r, view in routes if not issubclass(view, StrictQueryMixin)] == []


@pytest.mark.parametrize("route", [r for r, _ in _list_routes()])
def test_an_unknown_query_parameter_is_refused_in_the_error_format(people, api, route):
    response = api(people.bpjs_blitar_key).get(_url(route), {"desa": "35.05.01.2001"})
    assert response.status_code == 400, response.content
    assert response.json() == {
        "error": {
            "status": 400,
            "code": "invalid",
            "message": "Isian tidak valid.",
            "fields": {"desa": ["Parameter tidak dikenal."]},
        }
    }


@pytest.mark.parametrize(
    ("url", "params", "field"),
    [
        ("/api/households/", {"rutilahu": "mungkin"}, "rutilahu"),
        ("/api/households/", {"wilayah": "Wonodadi"}, "wilayah"),
        ("/api/households/", {"desil_min": "satu"}, "desil_min"),
        ("/api/households/", {"page_size": "semua"}, "page_size"),
        ("/api/regions/", {"parent": "Blitar"}, "parent"),
        ("/api/regions/", {"level": "9"}, "level"),
        ("/api/disbursements/", {"terlambat": "mungkin"}, "terlambat"),
        ("/api/disbursements/", {"period": "dua"}, "period"),
        ("/api/groups/", {"program": "TIDAKADA"}, "program"),
        ("/api/groups/", {"tanda": "semua"}, "tanda"),
        ("/api/programs/PKH/recipients/", {"status": "hidup"}, "status"),
        ("/api/programs/PKH/recipients/", {"wilayah": "35-05"}, "wilayah"),
    ],
)
def test_a_malformed_filter_value_is_refused_not_ignored(people, api, url, params, field):
    response = api(people.bpjs_blitar_key).get(url, params)
    assert response.status_code == 400, response.content
    error = response.json()["error"]
    assert error["status"] == 400 and error["message"] == "Isian tidak valid."
    assert list(error["fields"]) == [field]


def test_a_repeated_parameter_is_refused(people, api):
    response = api(people.bpjs_blitar_key).get("/api/regions/?level=3&level=4")
    assert response.json()["error"]["fields"] == {
        "level": ["Parameter ini hanya boleh diisi sekali."]
    }


def test_errors_speak_indonesian_by_default_and_english_when_asked(people, api):
    client = api(people.bpjs_blitar_key)
    url = "/api/disbursements/"
    params = {"terlambat": "mungkin", "period": "dua", "kota": "Blitar"}

    indonesian = client.get(url, params).json()["error"]
    assert indonesian["message"] == "Isian tidak valid."
    assert indonesian["fields"] == {
        "kota": ["Parameter tidak dikenal."],
        "period": ["Nilai bidang ini harus berupa bilangan bulat."],
        "terlambat": ["Harus berupa nilai ya/tidak (true/false)."],
    }

    english = client.get(url, params, **ENGLISH).json()["error"]
    assert english["message"] == "Invalid input."
    assert english["fields"] == {
        "kota": ["Unknown parameter."],
        "period": ["A valid integer is required."],
        "terlambat": ["Must be a valid boolean."],
    }


def test_the_projects_own_api_texts_are_translated_too(people, api):
    client = api(people.bpjs_blitar_key)
    url = "/api/persons/lookup/"
    indonesian = client.post(url, {"nik": "12"}, format="json").json()["error"]
    assert indonesian["fields"] == {"nik": ["NIK harus 16 angka."]}
    english = client.post(url, {"nik": "12"}, format="json", **ENGLISH).json()["error"]
    assert english["message"] == "Invalid input."
    assert english["fields"] == {"nik": ["NIK must be 16 digits."]}
    missing = client.post("/api/programs/eligibility/", {}, format="json").json()["error"]
    assert missing["fields"]["non_field_errors"] == ["Isi salah satu: nik atau kk (16 angka)."]


def test_every_drf_text_has_an_indonesian_translation():
    """DRF's own Indonesian catalogue is partial; the project's fills the rest. The texts
    are those DRF's fullest catalogues translate."""
    locale = Path(rest_framework.__file__).parent / "locale"
    texts: set[str] = set()
    for language in ("de", "fr", "es", "pt_BR"):
        with (locale / language / "LC_MESSAGES" / "django.mo").open("rb") as handle:
            catalog = gettext.GNUTranslations(handle)._catalog  # type: ignore[attr-defined]
        texts |= {k for k in catalog if isinstance(k, str) and k}
    assert len(texts) > 100
    with translation.override("id"):
        untranslated = sorted(t for t in texts if translation.gettext(t) == t)
    assert untranslated == ["Token"], untranslated  # the same word in Indonesian
