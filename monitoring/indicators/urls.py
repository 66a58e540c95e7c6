from django.urls import path

from monitoring.indicators import views

urlpatterns = [
    path("indikator/", views.indicator_list_view, name="indicator-list"),
    path("indikator/baru/", views.indicator_create_view, name="indicator-create"),
    path("indikator/unggahan/", views.batch_list_view, name="indicator-batch-list"),
    path(
        "indikator/unggahan/<int:batch_id>/",
        views.batch_detail_view,
        name="indicator-batch-detail",
    ),
    path(
        "indikator/unggahan/<int:batch_id>/sahkan/",
        views.batch_commit_view,
        name="indicator-batch-commit",
    ),
]
