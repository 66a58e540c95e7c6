"""Every monitoring page, mounted at /pemantauan/: the dashboard, the TKPK and indicators under
the ``monitoring`` namespace, and each part of plans and realisation under its own."""

from django.urls import include, path

monitoring_pages = (
    [
        path("", include("monitoring.dashboard.urls")),
        path("", include("monitoring.coordination.urls")),
        path("", include("monitoring.indicators.urls")),
    ],
    "monitoring",
)

urlpatterns = [
    path("", include(monitoring_pages)),
    path("rencana/", include("monitoring.plans.urls")),
    path("realisasi/", include("monitoring.realisation.urls")),
    path("evaluasi/", include("monitoring.evaluation.urls")),
    path("kunjungan/", include("monitoring.visits.urls")),
]
