from django.urls import path

from complaints import views

app_name = "complaints"
urlpatterns = [
    # Public: the address printed on posters at the village office.
    path("", views.complaint_public_form_view, name="form"),
    path("wilayah/", views.region_chain_view, name="regions"),
    path("lacak/", views.complaint_track_view, name="track"),
    path("status/<str:code>/", views.complaint_status_view, name="status"),
    # The back office.
    path("kelola/", views.complaint_list_view, name="list"),
    path("kelola/baru/", views.complaint_create_view, name="create"),
    path("kelola/statistik/", views.statistics_view, name="statistics"),
    path("kelola/statistik.xlsx", views.statistics_export_view, name="statistics-export"),
    path("kelola/<int:complaint_id>/", views.complaint_detail_view, name="detail"),
    path("kelola/<int:complaint_id>/status/", views.complaint_transition_view, name="transition"),
    path(
        "kelola/<int:complaint_id>/rumah-tangga/",
        views.complaint_household_view,
        name="household",
    ),
    path("kelola/<int:complaint_id>/koreksi/", views.complaint_correction_view, name="correction"),
    path("kelola/<int:complaint_id>/nik/", views.complaint_nik_view, name="nik"),
    path("kelola/lampiran/<int:attachment_id>/", views.attachment_view, name="attachment"),
]
