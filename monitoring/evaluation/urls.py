"""Evaluation pages, mounted at /pemantauan/evaluasi/."""

from django.urls import path

from monitoring.evaluation import views

app_name = "evaluation"
urlpatterns = [
    path("", views.evaluation_view, name="targets"),
    path("sumber-dana/", views.funding_view, name="funding"),
]
