"""KUBE/KSM group pages, mounted at /program/kelompok/, and their API."""

from django.urls import path

from programs.groups import apis, views

app_name = "groups"
urlpatterns = [
    path("", views.group_list_view, name="list"),
    path("baru/", views.group_create_view, name="create"),
    path("<int:group_id>/", views.group_detail_view, name="detail"),
    path("<int:group_id>/ubah/", views.group_edit_view, name="edit"),
    path("<int:group_id>/anggota/", views.group_members_add_view, name="members-add"),
    path(
        "<int:group_id>/anggota/<int:member_id>/keluarkan/",
        views.group_member_remove_view,
        name="member-remove",
    ),
    path("<int:group_id>/angsuran/", views.group_payment_view, name="payment"),
    path("<int:group_id>/kunjungan/", views.group_visit_view, name="visit"),
    path("foto/<int:photo_id>/", views.group_photo_view, name="photo"),
]

# Mounted at /api/ by programs.api_urls, without a namespace.
api_urlpatterns = [
    path("groups/", apis.GroupListApi.as_view(), name="api-group-list"),
    path("groups/<int:pk>/", apis.GroupDetailApi.as_view(), name="api-group-detail"),
]
