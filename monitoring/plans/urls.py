"""Plan pages, mounted at /pemantauan/rencana/."""

from django.urls import path

from monitoring.plans import apis, views

app_name = "plans"
urlpatterns = [
    path("", views.plan_list_view, name="list"),
    path("baru/", views.plan_create_view, name="create"),
    path("<int:plan_id>/", views.plan_detail_view, name="detail"),
    path("<int:plan_id>/prioritas/", views.priority_add_view, name="priority-add"),
    path("<int:plan_id>/program/", views.program_add_view, name="program-add"),
    path("<int:plan_id>/kegiatan/", views.activity_add_view, name="activity-add"),
    path("<int:plan_id>/rat/", views.rat_create_view, name="rat-create"),
    path("<int:plan_id>/lokasi/", views.location_suggest_view, name="locations"),
    path(
        "kegiatan/<int:activity_id>/sub/baru/",
        views.sub_activity_create_view,
        name="sub-activity-create",
    ),
    path("sub/<int:sub_activity_id>/", views.sub_activity_edit_view, name="sub-activity-edit"),
]

# Mounted at /api/ by monitoring.api_urls, without a namespace.
api_urlpatterns = [
    path("plans/", apis.PlanListApi.as_view(), name="api-plan-list"),
    path("plans/<int:pk>/", apis.PlanDetailApi.as_view(), name="api-plan-detail"),
]
