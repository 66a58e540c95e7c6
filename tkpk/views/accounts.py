from __future__ import annotations

from typing import Any, cast

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from tkpk.models import AuditAction, User
from tkpk.services.accounts import login_is_locked
from tkpk.services.audit import audit_record, request_ip


class ThrottledAuthenticationForm(AuthenticationForm):
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _(
            "Nama pengguna atau kata sandi salah. Perhatikan huruf besar dan kecil."
        ),
        "locked": _(
            "Terlalu banyak percobaan masuk yang gagal. Akun ini dikunci sementara dari "
            "alamat Anda; coba lagi dalam %(minutes)s menit."
        ),
    }

    def clean(self) -> dict[str, Any]:
        username = self.cleaned_data.get("username") or ""
        ip = request_ip(self.request)
        if username and login_is_locked(username=username, ip=ip):
            audit_record(actor=None, username=username, action=AuditAction.LOGIN_LOCKED, ip=ip)
            raise ValidationError(
                self.error_messages["locked"],
                code="locked",
                params={"minutes": int(settings.LOGIN_LOCKOUT.total_seconds() // 60)},
            )
        return super().clean()


class LoginView(auth_views.LoginView):
    form_class = ThrottledAuthenticationForm
    template_name = "registration/login.html"
    redirect_authenticated_user = True


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "registration/password_change_form.html"
    success_url = reverse_lazy("password_change_done")

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        user = cast(User, self.request.user)  # the view requires a logged-in user
        audit_record(
            actor=user,
            action=AuditAction.PASSWORD_CHANGED,
            target=user,
            ip=request_ip(self.request),
        )
        return response
