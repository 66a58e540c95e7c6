"""Every page and API call of the load test, with one sample of its parameters: what
``loadtest/plans.py`` times unloaded and what the query-plan test explains."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Route:
    name: str  # as the load test reports it
    who: str  # a username of ``loadtest_prepare``, "api" for the token, "" for the public
    path: str
    query: dict[str, Any] = field(default_factory=dict)
    body: dict[str, Any] | None = None  # a JSON POST


def daily_routes(params: dict[str, Any]) -> list[Route]:
    """The routes with the first sample of each parameter ``loadtest_prepare`` wrote."""
    run, district = params["run"], params["districts"][0]
    household, nik, name = params["households"][0], params["niks"][0], params["names"][0]
    program = "PKH" if "PKH" in params["programs"] else params["programs"][0]
    deciles = {"desil_min": 1, "desil_max": 4, "wilayah": district}
    drilldown = {"program": program, "jenis": "exclusion"}
    return [
        Route("beranda", "sekretariat", "/"),
        Route("registri: daftar", "sekretariat", "/registri/"),
        Route("registri: kecamatan", "sekretariat", "/registri/", {"wilayah": district}),
        Route("registri: desil 1-4 per kecamatan", "sekretariat", "/registri/", deciles),
        Route("registri: cari nama", "sekretariat", "/registri/", {"q": name}),
        Route("registri: cari NIK", "sekretariat", "/registri/", {"q": nik}),
        Route("registri: rumah tangga", "sekretariat", f"/registri/rumah-tangga/{household}/"),
        Route("penargetan: dasbor", "sekretariat", f"/program/penargetan/{run}/"),
        Route(
            "penargetan: rincian keluarga",
            "sekretariat",
            f"/program/penargetan/{run}/rumah-tangga/",
            drilldown,
        ),
        Route(
            "penargetan: rincian orang",
            "sekretariat",
            f"/program/penargetan/{run}/rumah-tangga/",
            {"program": "PBI-JKN", "jenis": "exclusion"},
        ),
        Route("program: katalog", "sekretariat", "/program/"),
        Route("program: rincian", "sekretariat", f"/program/{program}/"),
        Route("pengaduan: kelola", "sekretariat", "/pengaduan/kelola/"),
        Route("musrenbang: usulan", "sekretariat", "/musrenbang/usulan/"),
        Route(
            "musrenbang: kecamatan",
            "sekretariat",
            f"/musrenbang/tahun/{params['planning_year']}/kecamatan/{district}/",
        ),
        Route("musrenbang: usulan (desa)", "operator.desa", "/musrenbang/usulan/"),
        Route("registri: batch", "dinsos", "/registri/batch/"),
        Route("penerima: daftar", "dinsos", "/program/PKH/penerima/"),
        Route("kelompok: daftar", "dinsos", "/program/kelompok/"),
        Route("penyaluran: daftar", "dinsos", "/program/penyaluran/"),
        Route("beranda (desa)", "operator.desa", "/"),
        Route("registri: daftar (desa)", "operator.desa", "/registri/"),
        Route("registri: cari nama (desa)", "operator.desa", "/registri/", {"q": name}),
        Route("api: rumah tangga", "api", "/api/households/", {"wilayah": district}),
        Route("api: rumah tangga rinci", "api", f"/api/households/{household}/"),
        Route("api: cari NIK", "api", "/api/persons/lookup/", body={"nik": nik}),
        Route("api: kelayakan", "api", "/api/programs/eligibility/", body={"kk": params["kks"][0]}),
        Route(
            "api: penargetan per desa",
            "api",
            f"/api/targeting/runs/{run}/villages/",
            {"program": program},
        ),
        Route("api: pengaduan", "api", "/api/complaints/"),
        Route("pengaduan: formulir", "", "/pengaduan/", {"desa": params["villages"][0]}),
    ]


def route_clients(params: dict[str, Any], client_class: Any, users: Any) -> dict[str, Any]:
    """A signed-in test client per role of the routes, the API's token client and the public."""
    clients = {
        "": client_class(),
        "api": client_class(HTTP_AUTHORIZATION=f"Token {params['api_key']}"),
    }
    for username in ("sekretariat", "dinsos", "operator.desa"):
        clients[username] = client_class()
        clients[username].force_login(users.get(username=username))
    return clients


def route_call(route: Route, clients: dict[str, Any]) -> Any:
    client = clients[route.who]
    if route.body is not None:
        return client.post(route.path, route.body, content_type="application/json")
    return client.get(route.path, route.query)
