from __future__ import annotations

from django.urls import reverse

from tkpk.models import ApiToken
from tkpk.services.api_tokens import api_token_revoke


def test_a_call_without_a_token_is_401_in_the_common_error_format(regions, api):
    response = api().get("/api/regions/")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    assert response.json() == {
        "error": {
            "status": 401,
            "code": "not_authenticated",
            "message": "Data autentikasi tidak diberikan.",
        }
    }


def test_a_wrong_token_is_401(regions, api):
    response = api("bukan-token").get("/api/regions/")
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "authentication_failed"


def test_a_revoked_token_is_401(people, api):
    api_token_revoke(token=ApiToken.objects.get(name="uji"), actor=None)
    assert api(people.bpjs_blitar_key).get("/api/regions/").status_code == 401


def test_the_token_tells_who_calls_and_scopes_to_its_region(people, api):
    response = api(people.bpjs_blitar_key).get("/api/me/")
    assert response.json()["roles"] == [
        {"role": "api_client", "region": "35.05", "region_name": "Kabupaten Blitar", "agency": None}
    ]
    assert ApiToken.objects.get(name="uji").last_used_at is not None


def test_lists_are_paginated(people, api):
    body = api(people.bpjs_blitar_key).get("/api/regions/", {"level": 4, "page_size": 10}).json()
    assert body["count"] == 248
    assert len(body["results"]) == 10
    assert "page=2" in body["next"]


def test_a_bad_filter_value_answers_400_with_the_field(people, api):
    response = api(people.bpjs_blitar_key).get("/api/regions/", {"level": 9})
    assert response.status_code == 400
    assert "level" in response.json()["error"]["fields"]


def test_requests_over_the_rate_are_throttled(people, api, settings):
    from rest_framework.settings import api_settings
    from rest_framework.throttling import UserRateThrottle

    original = UserRateThrottle.THROTTLE_RATES
    UserRateThrottle.THROTTLE_RATES = {**api_settings.DEFAULT_THROTTLE_RATES, "user": "3/minute"}
    try:
        client = api(people.bpjs_blitar_key)
        codes = [client.get("/api/me/").status_code for _ in range(4)]
    finally:
        UserRateThrottle.THROTTLE_RATES = original
    assert codes == [200, 200, 200, 429]


def test_the_openapi_schema_and_docs_are_served_offline(regions, client):
    schema = client.get(reverse("api-schema"), HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert schema.status_code == 200
    assert "/api/regions/{code}/" in schema.json()["paths"]
    docs = client.get(reverse("api-docs")).content.decode()
    assert "swagger-ui" in docs
    assert "http://" not in docs.replace("http://testserver", "") and "https://" not in docs
