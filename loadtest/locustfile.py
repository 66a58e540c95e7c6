"""Fifty people at once on a regency's registry: the pages and API calls each role opens in
an ordinary working day, 1–3 s apart. Parameters (accounts, sample households, the run) come
from ``manage.py loadtest_prepare``; ``loadtest/run.py`` starts everything around it."""

from __future__ import annotations

import json
import os
import random
import re
from pathlib import Path

from locust import HttpUser, between, task

PARAMS = json.loads(Path(os.environ["LOADTEST_PARAMS"]).read_text(encoding="utf-8"))
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def pick(key: str) -> str:
    return random.choice(PARAMS[key])


class SignedIn(HttpUser):
    abstract = True
    wait_time = between(1, 3)
    username = ""

    def on_start(self) -> None:
        page = self.client.get("/masuk/", name="masuk")
        token = CSRF.search(page.text)
        self.client.post(
            "/masuk/",
            {
                "username": self.username,
                "password": PARAMS["password"],
                "csrfmiddlewaretoken": token.group(1) if token else "",
            },
            name="masuk",
        )

    def registry_list(self) -> None:
        choice = random.random()
        if choice < 0.4:
            self.client.get("/registri/", name="registri: daftar")
        elif choice < 0.7:
            self.client.get(
                "/registri/", params={"wilayah": pick("districts")}, name="registri: kecamatan"
            )
        else:
            self.client.get(
                "/registri/",
                params={"desil_min": 1, "desil_max": 4, "wilayah": pick("districts")},
                name="registri: desil 1-4 per kecamatan",
            )

    def registry_search(self) -> None:
        if random.random() < 0.5:
            self.client.get("/registri/", params={"q": pick("names")}, name="registri: cari nama")
        else:
            self.client.get("/registri/", params={"q": pick("niks")}, name="registri: cari NIK")

    def household(self) -> None:
        self.client.get(
            f"/registri/rumah-tangga/{pick('households')}/", name="registri: rumah tangga"
        )

    def dashboard(self) -> None:
        self.client.get(f"/program/penargetan/{PARAMS['run']}/", name="penargetan: dasbor")

    def drilldown(self) -> None:
        self.client.get(
            f"/program/penargetan/{PARAMS['run']}/rumah-tangga/",
            params={"program": pick("programs"), "jenis": "exclusion"},
            name="penargetan: rincian keluarga",
        )


class RegistryWorker(SignedIn):
    """Someone whose day is the registry: lists, searches, household pages."""

    abstract = True

    @task(3)
    def list_(self) -> None:
        self.registry_list()

    @task(3)
    def search(self) -> None:
        self.registry_search()

    @task(3)
    def detail(self) -> None:
        self.household()


class Secretariat(RegistryWorker):
    weight = 3
    username = "sekretariat"

    @task(2)
    def targeting(self) -> None:
        self.dashboard()

    @task(2)
    def targeting_rows(self) -> None:
        self.drilldown()

    @task
    def home(self) -> None:
        self.client.get("/", name="beranda")

    @task
    def programs(self) -> None:
        self.client.get("/program/", name="program: katalog")
        self.client.get(f"/program/{pick('programs')}/", name="program: rincian")

    @task
    def complaints(self) -> None:
        self.client.get("/pengaduan/kelola/", name="pengaduan: kelola")

    @task
    def musrenbang(self) -> None:
        self.client.get("/musrenbang/usulan/", name="musrenbang: usulan")
        self.client.get(
            f"/musrenbang/tahun/{PARAMS['planning_year']}/kecamatan/{pick('districts')}/",
            name="musrenbang: kecamatan",
        )


class SocialOperator(RegistryWorker):
    weight = 3
    username = "dinsos"

    @task
    def batches(self) -> None:
        self.client.get("/registri/batch/", name="registri: batch")

    @task
    def recipients(self) -> None:
        self.client.get("/program/PKH/penerima/", name="penerima: daftar")

    @task
    def groups(self) -> None:
        self.client.get("/program/kelompok/", name="kelompok: daftar")

    @task
    def disbursements(self) -> None:
        self.client.get("/program/penyaluran/", name="penyaluran: daftar")


class Leader(SignedIn):
    weight = 1
    username = "pimpinan"

    @task
    def home(self) -> None:
        self.client.get("/", name="beranda")

    @task(2)
    def targeting(self) -> None:
        self.dashboard()

    @task
    def targeting_rows(self) -> None:
        self.drilldown()


class VillageOperator(SignedIn):
    weight = 1
    username = "operator.desa"

    @task(2)
    def list_(self) -> None:
        self.client.get("/registri/", name="registri: daftar")

    @task
    def search(self) -> None:
        self.client.get("/registri/", params={"q": pick("names")}, name="registri: cari nama")

    @task
    def home(self) -> None:
        self.client.get("/", name="beranda")

    @task
    def proposals(self) -> None:
        self.client.get("/musrenbang/usulan/", name="musrenbang: usulan")


class AgencySystem(HttpUser):
    """Another agency's program calling the API with its token."""

    weight = 2
    wait_time = between(1, 3)

    def on_start(self) -> None:
        self.client.headers["Authorization"] = f"Token {PARAMS['api_key']}"

    @task(2)
    def households(self) -> None:
        self.client.get(
            "/api/households/", params={"wilayah": pick("districts")}, name="api: rumah tangga"
        )

    @task(2)
    def household(self) -> None:
        self.client.get(f"/api/households/{pick('households')}/", name="api: rumah tangga rinci")

    @task(2)
    def lookup(self) -> None:
        self.client.post("/api/persons/lookup/", json={"nik": pick("niks")}, name="api: cari NIK")

    @task
    def eligibility(self) -> None:
        self.client.post(
            "/api/programs/eligibility/", json={"kk": pick("kks")}, name="api: kelayakan"
        )

    @task
    def villages(self) -> None:
        self.client.get(
            f"/api/targeting/runs/{PARAMS['run']}/villages/",
            params={"program": pick("programs")},
            name="api: penargetan per desa",
        )

    @task
    def complaints(self) -> None:
        self.client.get("/api/complaints/", name="api: pengaduan")


class Public(HttpUser):
    """Someone opening the complaint form from a village poster."""

    weight = 1
    wait_time = between(1, 3)

    @task
    def form(self) -> None:
        self.client.get(
            "/pengaduan/", params={"desa": pick("villages")}, name="pengaduan: formulir"
        )
