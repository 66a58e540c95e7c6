"""The complaints API, mounted at /api/; names stay un-namespaced (``api-complaint-list``)."""

from django.urls import path

from complaints import apis

urlpatterns = [
    path("complaints/", apis.ComplaintListApi.as_view(), name="api-complaint-list"),
    path("complaints/<int:pk>/", apis.ComplaintDetailApi.as_view(), name="api-complaint-detail"),
]
