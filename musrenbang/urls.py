from django.urls import path

from musrenbang import views

app_name = "musrenbang"
urlpatterns = [
    path("", views.year_list_view, name="year-list"),
    path("tahun/baru/", views.year_create_view, name="year-create"),
    path("tahun/<int:year_id>/", views.year_detail_view, name="year-detail"),
    path("tahap/<int:stage_id>/tutup/", views.stage_close_view, name="stage-close"),
    path("tahun/<int:year_id>/forum/baru/", views.forum_create_view, name="forum-create"),
    path("forum/<int:forum_id>/", views.forum_detail_view, name="forum-detail"),
    path("forum/<int:forum_id>/hadir/", views.attendance_add_view, name="attendance-add"),
    path("usulan/", views.proposal_list_view, name="proposal-list"),
    path("tahun/<int:year_id>/usulan/baru/", views.proposal_create_view, name="proposal-create"),
    path("usulan/<int:proposal_id>/", views.proposal_detail_view, name="proposal-detail"),
    path("usulan/<int:proposal_id>/ubah/", views.proposal_edit_view, name="proposal-edit"),
    path("usulan/<int:proposal_id>/nilai/", views.proposal_score_view, name="proposal-score"),
    path(
        "tahun/<int:year_id>/kecamatan/<str:code>/",
        views.district_detail_view,
        name="district-detail",
    ),
    path(
        "tahun/<int:year_id>/kecamatan/<str:code>/isi/",
        views.district_fill_view,
        name="district-fill",
    ),
]
