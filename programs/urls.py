"""Every page of the programs app, mounted at /program/. The catalogue and targeting pages
share the ``programs`` namespace; groups, disbursements and recipients keep their own."""

from django.urls import URLPattern, URLResolver, include, path, register_converter

from programs import views


class ProgramCodeConverter:
    """Program codes are upper case (PKH, BLT-DESA), so they never shadow section names."""

    regex = "[A-Z0-9][A-Z0-9-]*"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(ProgramCodeConverter, "program")

catalogue_urls: list[URLPattern | URLResolver] = [
    path("", views.program_list_view, name="list"),
    path("baru/", views.program_create_view, name="create"),
    path("penargetan/", include("programs.targeting.urls")),
    path("<program:code>/", views.program_detail_view, name="detail"),
    path("<program:code>/ubah/", views.program_edit_view, name="edit"),
    path("<program:code>/kriteria/", views.program_criteria_view, name="criteria"),
]

urlpatterns = [
    path("", include((catalogue_urls, "programs"))),
    path("kelompok/", include("programs.groups.urls")),
    path("penyaluran/", include("programs.disbursements.urls")),
    path("<program:code>/penerima/", include("programs.recipients.urls")),
]
