"""Field-visit pages, mounted at /pemantauan/kunjungan/."""

from django.urls import path

from monitoring.visits import views

app_name = "visits"
urlpatterns = [
    path("", views.visit_list_view, name="list"),
    path("baru/", views.visit_create_view, name="create"),
    path("<int:visit_id>/", views.visit_detail_view, name="detail"),
    path(
        "rekomendasi/<int:recommendation_id>/",
        views.recommendation_update_view,
        name="recommendation",
    ),
    path("foto/<int:photo_id>/", views.visit_photo_view, name="photo"),
]
