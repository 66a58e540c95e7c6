from django.urls import path

from musrenbang import (
    views,
    views_agency,
    views_formula,
    views_imports,
    views_minutes,
    views_public,
    views_recap,
    views_routing,
    views_rubric,
)

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

urlpatterns += [
    path(
        "usulan/templat.<str:fmt>",
        views_imports.proposal_template_view,
        name="proposal-template",
    ),
    path(
        "tahun/<int:year_id>/usulan/unggah/",
        views_imports.proposal_batch_upload_view,
        name="proposal-upload",
    ),
    path(
        "usulan/unggahan/<int:batch_id>/",
        views_imports.proposal_batch_view,
        name="proposal-batch",
    ),
    path(
        "usulan/unggahan/<int:batch_id>/sahkan/",
        views_imports.proposal_batch_commit_view,
        name="proposal-batch-commit",
    ),
    path(
        "usulan/unggahan/<int:batch_id>/ditolak.csv",
        views_imports.proposal_batch_rejected_view,
        name="proposal-batch-rejected",
    ),
    path("hadir/templat.csv", views_imports.attendance_template_view, name="attendance-template"),
    path(
        "forum/<int:forum_id>/hadir/unggah/",
        views_imports.attendance_batch_upload_view,
        name="attendance-upload",
    ),
    path(
        "hadir/unggahan/<int:batch_id>/",
        views_imports.attendance_batch_view,
        name="attendance-batch",
    ),
    path(
        "hadir/unggahan/<int:batch_id>/sahkan/",
        views_imports.attendance_batch_commit_view,
        name="attendance-batch-commit",
    ),
    path(
        "hadir/unggahan/<int:batch_id>/ditolak.csv",
        views_imports.attendance_batch_rejected_view,
        name="attendance-batch-rejected",
    ),
]

urlpatterns += [
    path(
        "forum/<int:forum_id>/berita-acara.pdf",
        views_minutes.forum_minutes_pdf_view,
        name="forum-minutes",
    ),
    path(
        "forum/<int:forum_id>/berita-acara/unggah/",
        views_minutes.forum_minutes_sign_view,
        name="forum-minutes-sign",
    ),
    path(
        "forum/<int:forum_id>/berita-acara/ditandatangani/",
        views_minutes.forum_minutes_signed_view,
        name="forum-minutes-signed",
    ),
]

urlpatterns += [
    path("tahun/<int:year_id>/rubrik/", views_rubric.rubric_view, name="rubric"),
]

urlpatterns += [
    path(
        "tahun/<int:year_id>/pagu/",
        views_formula.ceiling_formula_view,
        name="ceiling-formula",
    ),
]

urlpatterns += [
    path(
        "usulan/<int:proposal_id>/tolak/",
        views.proposal_reject_view,
        name="proposal-reject",
    ),
]

urlpatterns += [
    path("opd/", views_agency.agency_proposal_list_view, name="agency-list"),
    path(
        "opd/usulan/<int:proposal_id>/",
        views_agency.agency_proposal_view,
        name="agency-proposal",
    ),
    path(
        "opd/usulan/<int:proposal_id>/telaah/",
        views_agency.agency_review_view,
        name="agency-review",
    ),
    path(
        "opd/usulan/<int:proposal_id>/nasib/",
        views_agency.agency_fate_view,
        name="agency-fate",
    ),
]

urlpatterns += [
    path("tahun/<int:year_id>/rekap/", views_recap.recap_view, name="recap"),
    path(
        "tahun/<int:year_id>/rekap/t-d4.<str:fmt>",
        views_recap.recap_download_view,
        name="recap-download",
    ),
]

urlpatterns += [
    # Public: no login, no personal data.
    path("desa/<str:code>/", views_public.public_village_view, name="public-village"),
]

urlpatterns += [
    path("tahun/<int:year_id>/opd/", views_routing.routing_view, name="routing"),
]
