"""Recipient pages of one program, mounted at /program/<code>/penerima/, and their API."""

from django.urls import path

from programs.recipients import apis, views

app_name = "recipients"
urlpatterns = [
    path("", views.recipient_list_view, name="list"),
    path("<int:recipient_id>/", views.recipient_detail_view, name="detail"),
    path("<int:recipient_id>/status/", views.recipient_status_view, name="status"),
    path("daftarkan/", views.recipient_enrol_view, name="enrol"),
    path("daftar/", views.batch_list_view, name="batch-list"),
    path("daftar/unggah/", views.batch_upload_view, name="batch-upload"),
    path("daftar/<int:batch_id>/", views.batch_detail_view, name="batch-detail"),
    path("daftar/<int:batch_id>/sahkan/", views.batch_commit_view, name="batch-commit"),
    path("daftar/<int:batch_id>/ditolak.csv", views.batch_rejected_view, name="batch-rejected"),
    path("periode/", views.period_list_view, name="periods"),
    path("periode/<int:period_id>/kuota/", views.quota_view, name="quotas"),
]

# Mounted at /api/ by programs.api_urls, without a namespace.
api_urlpatterns = [
    path(
        "programs/<str:code>/recipients/",
        apis.RecipientListApi.as_view(),
        name="api-recipient-list",
    ),
    path(
        "programs/<str:code>/recipient-batches/",
        apis.RecipientBatchUploadApi.as_view(),
        name="api-recipient-batch-upload",
    ),
    path(
        "recipient-batches/<int:pk>/",
        apis.RecipientBatchDetailApi.as_view(),
        name="api-recipient-batch-detail",
    ),
    path(
        "recipient-batches/<int:pk>/rows/",
        apis.RecipientBatchRowListApi.as_view(),
        name="api-recipient-batch-rows",
    ),
]
