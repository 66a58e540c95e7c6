from django.urls import path

from monitoring.dashboard import views

urlpatterns = [
    path("dasbor/", views.dashboard_view, name="dashboard"),
]
