"""The LP2KD API, mounted at /api/; names stay un-namespaced (``api-lp2kd-list``)."""

from django.urls import path

from reports.lp2kd import apis

urlpatterns = [
    path("lp2kd/", apis.Lp2kdListApi.as_view(), name="api-lp2kd-list"),
    path(
        "lp2kd/versions/<int:pk>/snapshot/",
        apis.Lp2kdVersionSnapshotApi.as_view(),
        name="api-lp2kd-version-snapshot",
    ),
    path(
        "lp2kd/versions/<int:pk>/pdf/",
        apis.Lp2kdVersionPdfApi.as_view(),
        name="api-lp2kd-version-pdf",
    ),
    path(
        "lp2kd/<str:region>/<int:year>/submissions/",
        apis.Lp2kdSubmissionApi.as_view(),
        name="api-lp2kd-submission",
    ),
]
