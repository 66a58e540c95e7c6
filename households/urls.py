from django.urls import path

from households import views

app_name = "households"
urlpatterns = [
    path("", views.household_list_view, name="list"),
    path("ekspor/", views.household_export_view, name="export"),
    path("rumah-tangga/<int:household_id>/", views.household_detail_view, name="detail"),
    path("anggota/<int:person_id>/nik/", views.person_nik_view, name="person-nik"),
    path("batch/", views.batch_list_view, name="batch-list"),
    path("batch/unggah/", views.batch_upload_view, name="batch-upload"),
    path("batch/templat.<str:fmt>", views.batch_template_view, name="batch-template"),
    path("batch/<int:batch_id>/", views.batch_detail_view, name="batch-detail"),
    path("batch/<int:batch_id>/berita-acara/", views.batch_minutes_view, name="batch-minutes"),
    path("batch/<int:batch_id>/sahkan/", views.batch_commit_view, name="batch-commit"),
    path("batch/<int:batch_id>/ditolak.csv", views.batch_rejected_view, name="batch-rejected"),
    path("koreksi/", views.correction_list_view, name="correction-list"),
    path("koreksi/<int:draft_id>.csv", views.correction_csv_view, name="correction-csv"),
    path("koreksi/<int:draft_id>/tutup/", views.correction_close_view, name="correction-close"),
]
