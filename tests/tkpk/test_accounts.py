from __future__ import annotations

from django.urls import reverse

from tests.personas import PASSWORD
from tkpk.models import AuditAction, AuditEntry


def test_wrong_password_gives_a_clear_message_and_is_audited(people, client):
    response = client.post(reverse("login"), {"username": "dinsos.blitar", "password": "salah"})
    assert response.status_code == 200
    assert "Nama pengguna atau kata sandi salah" in response.content.decode()
    entry = AuditEntry.objects.get(action=AuditAction.LOGIN_FAILED)
    assert entry.actor_username == "dinsos.blitar"
    assert entry.region_code == "35.05"
    assert entry.ip_address == "127.0.0.1"


def test_repeated_failures_lock_the_login_even_with_the_right_password(people, client, settings):
    settings.LOGIN_FAILURE_LIMIT = 3
    for _ in range(3):
        client.post(reverse("login"), {"username": "dinsos.blitar", "password": "salah"})
    response = client.post(reverse("login"), {"username": "dinsos.blitar", "password": PASSWORD})
    assert "Terlalu banyak percobaan masuk yang gagal" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert AuditEntry.objects.filter(action=AuditAction.LOGIN_LOCKED).count() == 1


def test_login_lands_on_the_role_home_page(people, client):
    response = client.post(
        reverse("login"), {"username": "sekretariat.blitar", "password": PASSWORD}, follow=True
    )
    body = response.content.decode()
    assert "Sekretariat TKPK" in body and "Kabupaten Blitar" in body
    assert AuditEntry.objects.filter(
        action=AuditAction.LOGIN, actor=people.blitar_secretariat
    ).exists()


def test_each_role_gets_its_own_home(people, login):
    auditor_home = login(people.blitar_auditor).get(reverse("home")).content.decode()
    assert reverse("audit:list") in auditor_home
    village_home = login(people.jaten_village_operator).get(reverse("home")).content.decode()
    assert "Desa Anda" in village_home and reverse("audit:list") not in village_home


def test_a_user_without_a_role_gets_a_page_saying_so(people, login):
    response = login(people.outsider).get(reverse("home"))
    assert response.status_code == 403
    assert "Akun Anda belum memiliki peran" in response.content.decode()


def test_a_module_outside_the_role_is_refused_with_a_page(people, login):
    response = login(people.blitar_leader).get(reverse("audit:list"))
    assert response.status_code == 403
    assert "bukan untuk peran Anda" in response.content.decode()


def test_anonymous_visitors_are_sent_to_login(client, regions):
    response = client.get(reverse("regions:list"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_password_change_is_audited(people, login):
    client = login(people.blitar_secretariat)
    response = client.post(
        reverse("password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "kata-sandi-baru-2026!",
            "new_password2": "kata-sandi-baru-2026!",
        },
    )
    assert response.status_code == 302
    assert AuditEntry.objects.filter(action=AuditAction.PASSWORD_CHANGED).exists()


def test_logout_is_audited(people, login):
    client = login(people.blitar_secretariat)
    client.post(reverse("logout"))
    assert AuditEntry.objects.filter(action=AuditAction.LOGOUT).exists()
    assert client.get(reverse("home")).status_code == 302


def test_language_switch_turns_the_interface_english(people, login):
    client = login(people.blitar_secretariat)
    assert "Beranda" in client.get(reverse("home")).content.decode()
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    english = client.get(reverse("home")).content.decode()
    assert "Home" in english and "Log out" in english and "Beranda" not in english


def test_the_interface_starts_in_indonesian_whatever_the_browser_prefers(regions, client):
    page = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert '<html lang="id">' in page.content.decode()


def test_opening_a_button_address_explains_itself(people, login):
    response = login(people.blitar_secretariat).get(reverse("jobs:worker-check"))
    assert response.status_code == 405
    assert "Alamat ini adalah tombol" in response.content.decode()
