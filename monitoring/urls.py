"""Every monitoring page, mounted at /pemantauan/; each part keeps its own namespace."""

from django.urls import include, path

urlpatterns = [
    path("rencana/", include("monitoring.plans.urls")),
    path("realisasi/", include("monitoring.realisation.urls")),
    path("evaluasi/", include("monitoring.evaluation.urls")),
    path("kunjungan/", include("monitoring.visits.urls")),
]
