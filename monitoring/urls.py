"""Every monitoring page at /pemantauan/, one include per topic."""

from django.urls import include, path

app_name = "monitoring"
urlpatterns = [
    path("", include("monitoring.dashboard.urls")),
    path("", include("monitoring.coordination.urls")),
    path("", include("monitoring.indicators.urls")),
]
