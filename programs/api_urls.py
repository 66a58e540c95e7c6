"""The programs app's API, mounted at /api/; names stay un-namespaced (``api-program-list``)."""

from django.urls import path

from programs import apis
from programs.disbursements.urls import api_urlpatterns as disbursements_api
from programs.groups.urls import api_urlpatterns as groups_api
from programs.recipients.urls import api_urlpatterns as recipients_api
from programs.targeting.urls import api_urlpatterns as targeting_api

urlpatterns = [
    path("programs/", apis.ProgramListApi.as_view(), name="api-program-list"),
    path(
        "programs/eligibility/",
        apis.EligibilityLookupApi.as_view(),
        name="api-program-eligibility",
    ),
    path("programs/<str:code>/", apis.ProgramDetailApi.as_view(), name="api-program-detail"),
    *targeting_api,
    *recipients_api,
    *groups_api,
    *disbursements_api,
]
