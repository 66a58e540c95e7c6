"""Targeting-run pages, mounted at /program/penargetan/ inside the ``programs`` namespace
(their names stay ``programs:run-list`` ...), and their API."""

from django.urls import path

from programs.targeting import apis, views

urlpatterns = [
    path("", views.run_list_view, name="run-list"),
    path("bandingkan/", views.run_compare_view, name="run-compare"),
    path("<int:run_id>/", views.run_detail_view, name="run-detail"),
    path("<int:run_id>/rumah-tangga/", views.run_households_view, name="run-households"),
    path("<int:run_id>/penerima/", views.run_recipients_view, name="run-recipients"),
]

# Mounted at /api/ by programs.api_urls, without a namespace.
api_urlpatterns = [
    path("targeting/runs/", apis.RunListApi.as_view(), name="api-run-list"),
    path("targeting/runs/<int:pk>/", apis.RunDetailApi.as_view(), name="api-run-detail"),
    path(
        "targeting/runs/<int:pk>/villages/",
        apis.RunVillageListApi.as_view(),
        name="api-run-villages",
    ),
]
