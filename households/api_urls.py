"""The registry's API, mounted at /api/; names stay un-namespaced (``api-household-list``)."""

from django.urls import path

from households import apis

urlpatterns = [
    path("households/", apis.HouseholdListApi.as_view(), name="api-household-list"),
    path("households/<int:pk>/", apis.HouseholdDetailApi.as_view(), name="api-household-detail"),
    path("persons/lookup/", apis.NikLookupApi.as_view(), name="api-nik-lookup"),
    path("batches/", apis.BatchUploadApi.as_view(), name="api-batch-upload"),
    path("batches/<int:pk>/", apis.BatchDetailApi.as_view(), name="api-batch-detail"),
    path("batches/<int:pk>/rows/", apis.BatchRowListApi.as_view(), name="api-batch-rows"),
]
