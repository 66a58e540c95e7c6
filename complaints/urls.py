from django.urls import path

from complaints.views import backoffice, public

app_name = "complaints"
urlpatterns = [
    # Public: the address printed on posters at the village office.
    path("", public.complaint_public_form_view, name="form"),
    path("wilayah/", public.region_chain_view, name="regions"),
    path("lacak/", public.complaint_track_view, name="track"),
    path("status/<str:code>/", public.complaint_status_view, name="status"),
    # The back office.
    path("kelola/", backoffice.complaint_list_view, name="list"),
    path("kelola/baru/", backoffice.complaint_create_view, name="create"),
    path("kelola/statistik/", backoffice.statistics_view, name="statistics"),
    path("kelola/statistik.xlsx", backoffice.statistics_export_view, name="statistics-export"),
    path("kelola/<int:complaint_id>/", backoffice.complaint_detail_view, name="detail"),
    path(
        "kelola/<int:complaint_id>/status/", backoffice.complaint_transition_view, name="transition"
    ),
    path(
        "kelola/<int:complaint_id>/rumah-tangga/",
        backoffice.complaint_household_view,
        name="household",
    ),
    path(
        "kelola/<int:complaint_id>/koreksi/",
        backoffice.complaint_correction_view,
        name="correction",
    ),
    path("kelola/<int:complaint_id>/nik/", backoffice.complaint_nik_view, name="nik"),
    path("kelola/lampiran/<int:attachment_id>/", backoffice.attachment_view, name="attachment"),
]
