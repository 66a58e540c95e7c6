"""Disbursement schedule pages, mounted at /program/penyaluran/, and their API."""

from django.urls import path

from programs.disbursements import apis, views

app_name = "disbursements"
urlpatterns = [
    path("", views.disbursement_list_view, name="list"),
    path("periode/<int:period_id>/", views.disbursement_period_view, name="period"),
    path(
        "<int:disbursement_id>/realisasi/",
        views.disbursement_actual_view,
        name="actual",
    ),
]

# Mounted at /api/ by programs.api_urls, without a namespace.
api_urlpatterns = [
    path("disbursements/", apis.DisbursementListApi.as_view(), name="api-disbursement-list"),
]
