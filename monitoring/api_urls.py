"""The monitoring API, mounted at /api/; names stay un-namespaced (``api-plan-list``)."""

from monitoring.plans.urls import api_urlpatterns as plans_api
from monitoring.realisation.urls import api_urlpatterns as realisation_api

urlpatterns = [
    *plans_api,
    *realisation_api,
]
