from django.urls import path

from monitoring.coordination import views

urlpatterns = [
    path("tkpk/", views.decree_list_view, name="decree-list"),
    path("tkpk/baru/", views.decree_create_view, name="decree-create"),
    path("tkpk/<int:decree_id>/", views.decree_detail_view, name="decree-detail"),
    path("tkpk/<int:decree_id>/anggota/", views.member_add_view, name="member-add"),
    path("tkpk/anggota/<int:member_id>/", views.member_edit_view, name="member-edit"),
    path("rakor/", views.meeting_list_view, name="meeting-list"),
    path("rakor/baru/", views.meeting_create_view, name="meeting-create"),
    path("rakor/<int:meeting_id>/", views.meeting_detail_view, name="meeting-detail"),
    path("rakor/<int:meeting_id>/hadir/", views.attendee_add_view, name="attendee-add"),
    path("rakor/<int:meeting_id>/keputusan/", views.decisions_set_view, name="decisions-set"),
    path("rakor/<int:meeting_id>/tindak-lanjut/", views.follow_up_add_view, name="follow-up-add"),
    path("tindak-lanjut/", views.follow_up_list_view, name="follow-up-list"),
    path("tindak-lanjut/<int:follow_up_id>/", views.follow_up_edit_view, name="follow-up-edit"),
    path(
        "tindak-lanjut/<int:follow_up_id>/status/",
        views.follow_up_status_view,
        name="follow-up-status",
    ),
]
