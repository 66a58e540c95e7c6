"""Realisation pages, mounted at /pemantauan/realisasi/; the API in ``api_urlpatterns``."""

from django.urls import path

from monitoring.realisation import apis, views

app_name = "realisation"
urlpatterns = [
    path("", views.report_list_view, name="list"),
    path("sub/<int:sub_activity_id>/lapor/", views.report_create_view, name="create"),
    path("<int:report_id>/", views.report_detail_view, name="detail"),
    path("<int:report_id>/ubah/", views.report_edit_view, name="edit"),
    path("<int:report_id>/periksa/", views.report_review_view, name="review"),
    path("bukti/<int:evidence_id>/", views.evidence_view, name="evidence"),
    path("batas-waktu/", views.deadline_view, name="deadline"),
]

# Mounted at /api/ by monitoring.api_urls, without a namespace.
api_urlpatterns = [
    path("realisation/", apis.RealisationListApi.as_view(), name="api-realisation-list"),
    path(
        "realisation/<int:pk>/", apis.RealisationDetailApi.as_view(), name="api-realisation-detail"
    ),
]
