"""Every route, now and in every later issue, is listed in ``routes.py`` with how its region
scope is proven: an object outside the user's region answers 404, exactly like a missing one, and
nothing from outside the region ever appears in a page or an API response.

Adding a route without listing it there fails ``test_every_route_is_in_the_matrix``.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.personas import BLITAR
from tests.scope.conftest import World
from tests.scope.routes import MATRIX, Action, ApiAction, Detail, Download, Listing, Open
from tkpk.models import Job, Region

# The admin site is for system operators (superusers) only; it is not a region-scoped
# product surface, and ``test_admin_is_closed_to_region_roles`` proves staff cannot enter.
EXCLUDED_NAMESPACES = {"admin"}


def route_names() -> set[str]:
    names: set[str] = set()

    def walk(patterns: list[Any], namespace: list[str]) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if pattern.namespace in EXCLUDED_NAMESPACES:
                    continue
                walk(
                    pattern.url_patterns,
                    namespace + ([pattern.namespace] if pattern.namespace else []),
                )
            elif isinstance(pattern, URLPattern):
                assert pattern.name, f"unnamed route {pattern.pattern}: name it and list it"
                names.add(":".join([*namespace, pattern.name]))

    walk(get_resolver().url_patterns, [])
    return names


def test_every_route_is_in_the_matrix():
    assert route_names() - MATRIX.keys() == set()
    assert MATRIX.keys() - route_names() == set()


def client_for(world: World, username_attr: str, *, api: bool, login, api_client) -> Any:
    user = getattr(world.people, username_attr)
    if api and username_attr == "bpjs_blitar":
        return api_client(world.people.bpjs_blitar_key)
    if api:
        client = api_client()
        client.force_authenticate(user)
        return client
    return login(user)


def _request(client: Any, method: str, target: Any) -> Any:
    """``target`` is a URL, or (URL, payload) for routes that take a body."""
    url, payload = target if isinstance(target, tuple) else (target, None)
    if payload is None:
        return getattr(client, method)(url)
    return getattr(client, method)(url, payload, format="json")


@pytest.mark.parametrize("name", sorted(MATRIX))
def test_route_respects_region_scope(name, world, login, api):
    """One world per route: in-scope answers, out-of-scope 404s or hides, no-role users are
    told they have no role, and nothing from Jember shows to a Blitar user anywhere."""
    case = MATRIX[name]
    if isinstance(case, Listing):
        client = client_for(world, case.user, api=case.api, login=login, api_client=api)
        response = client.get(case.url(world))
        assert response.status_code == 200
        body = response.content.decode()
        assert case.shows(world) in body
        assert case.hides(world) not in body
    elif isinstance(case, Detail):
        client = client_for(world, case.user, api=case.api, login=login, api_client=api)
        assert _request(client, case.method, case.in_scope(world)).status_code == (
            case.in_scope_status
        )
        outside = _request(client, case.method, case.out_of_scope(world))
        missing = _request(client, case.method, case.missing(world))
        assert outside.status_code == missing.status_code == 404
        if case.api:
            assert outside.json() == missing.json()
    elif isinstance(case, ApiAction):
        assert api().post(case.url(world), case.payload(), format="multipart").status_code == 401
        denied = client_for(world, case.denied_user, api=True, login=login, api_client=api)
        assert denied.post(case.url(world), case.payload(), format="multipart").status_code == 403
        allowed = client_for(world, case.user, api=True, login=login, api_client=api)
        response = allowed.post(case.url(world), case.payload(), format="multipart")
        assert response.status_code == 202, response.content
        assert response.json()["region"].startswith(BLITAR)
    elif isinstance(case, Download):
        assert api().get(case.url(world)).status_code == 302  # to the login page
        denied = login(getattr(world.people, case.denied_user)).get(case.url(world))
        assert denied.status_code == 403
        allowed = login(getattr(world.people, case.user)).get(case.url(world))
        assert allowed.status_code == 200
        assert allowed["Content-Type"] == case.content_type
    elif isinstance(case, Action):
        anonymous = api().post(case.url(world))
        assert anonymous.status_code == 302 and reverse("login") in anonymous["Location"]
        denied = login(getattr(world.people, case.denied_user)).post(case.url(world))
        assert denied.status_code == 403
        allowed = login(getattr(world.people, case.user)).post(case.url(world))
        assert allowed.status_code == 302
        job = Job.objects.latest("id")
        assert allowed["Location"] == reverse("jobs:detail", args=[job.pk])
        assert Region.objects.get(code=job.region_id).code.startswith(BLITAR)

    if not isinstance(case, Action | ApiAction | Download):
        _nothing_from_jember(case, world, login)
    if not isinstance(case, Open):
        _users_without_a_role_are_told_so(name, case, world, login, api)


def _nothing_from_jember(case: Any, world: World, login: Any) -> None:
    target = case.url(world) if isinstance(case, Listing | Open) else case.in_scope(world)
    url = target[0] if isinstance(target, tuple) else target
    response = login(world.people.blitar_secretariat).get(url)
    if response.status_code == 200 and not response.get("Content-Disposition"):
        body = response.content.decode()
        assert "JEMBER-MARKER" not in body and "Kabupaten Jember" not in body
        assert "Padomasan" not in body


def _users_without_a_role_are_told_so(
    name: str, case: Any, world: World, login: Any, api: Any
) -> None:
    target = (
        case.url(world)
        if isinstance(case, Listing | Action | ApiAction | Download)
        else case.in_scope(world)
    )
    url = target[0] if isinstance(target, tuple) else target
    posts = isinstance(case, Action | ApiAction) or getattr(case, "method", "get") == "post"
    if name.startswith("api-"):
        client = api(None)
        client.force_authenticate(world.people.outsider)
        response = client.post(url) if posts else client.get(url)
        assert response.status_code == 403
    else:
        client = login(world.people.outsider)
        response = client.post(url) if posts else client.get(url)
        assert response.status_code == 403
        assert "belum memiliki peran" in response.content.decode()


def test_admin_is_closed_to_region_roles(people, login):
    response = login(people.blitar_secretariat).get("/admin/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_open_routes_need_no_login(world, api):
    for name, case in MATRIX.items():
        if isinstance(case, Open) and name not in {
            "logout",
            "set_language",
            "password_change",
            "password_change_done",
            "complaints:track",
        }:
            assert api().get(case.url(world)).status_code == 200, name
    assert settings.LOGIN_URL == "login"
