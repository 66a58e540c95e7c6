from django.urls import path, register_converter

from programs import views, views_targeting


class ProgramCodeConverter:
    """Program codes are upper case (PKH, BLT-DESA), so they never shadow section names."""

    regex = "[A-Z0-9][A-Z0-9-]*"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(ProgramCodeConverter, "program")

app_name = "programs"
urlpatterns = [
    path("", views.program_list_view, name="list"),
    path("baru/", views.program_create_view, name="create"),
    path("penargetan/", views_targeting.run_list_view, name="run-list"),
    path("penargetan/bandingkan/", views_targeting.run_compare_view, name="run-compare"),
    path("penargetan/<int:run_id>/", views_targeting.run_detail_view, name="run-detail"),
    path(
        "penargetan/<int:run_id>/rumah-tangga/",
        views_targeting.run_households_view,
        name="run-households",
    ),
    path(
        "penargetan/<int:run_id>/penerima/",
        views_targeting.run_recipients_view,
        name="run-recipients",
    ),
    path("<program:code>/", views.program_detail_view, name="detail"),
    path("<program:code>/ubah/", views.program_edit_view, name="edit"),
    path("<program:code>/kriteria/", views.program_criteria_view, name="criteria"),
]
