"""The monitoring API, mounted at /api/; names stay un-namespaced (``api-indicator-list``)."""

from django.urls import path

from monitoring.coordination import apis as coordination
from monitoring.indicators import apis as indicators
from monitoring.plans.urls import api_urlpatterns as plans_api
from monitoring.realisation.urls import api_urlpatterns as realisation_api

urlpatterns = [
    path("indicators/", indicators.IndicatorListApi.as_view(), name="api-indicator-list"),
    path("meetings/", coordination.MeetingListApi.as_view(), name="api-meeting-list"),
    path("meetings/<int:pk>/", coordination.MeetingDetailApi.as_view(), name="api-meeting-detail"),
    *plans_api,
    *realisation_api,
]
