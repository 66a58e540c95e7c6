"""The Musrenbang API, mounted at /api/; names stay un-namespaced (``api-musrenbang-...``)."""

from django.urls import path

from musrenbang import apis

urlpatterns = [
    path(
        "musrenbang/years/",
        apis.PlanningYearListApi.as_view(),
        name="api-musrenbang-year-list",
    ),
    path(
        "musrenbang/years/<int:pk>/",
        apis.PlanningYearDetailApi.as_view(),
        name="api-musrenbang-year-detail",
    ),
    path("musrenbang/forums/", apis.ForumListApi.as_view(), name="api-musrenbang-forum-list"),
    path(
        "musrenbang/proposals/",
        apis.ProposalListApi.as_view(),
        name="api-musrenbang-proposal-list",
    ),
    path(
        "musrenbang/proposals/<int:pk>/",
        apis.ProposalDetailApi.as_view(),
        name="api-musrenbang-proposal-detail",
    ),
    path("musrenbang/results/", apis.ResultListApi.as_view(), name="api-musrenbang-result-list"),
]
