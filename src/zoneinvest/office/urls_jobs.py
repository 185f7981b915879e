"""Imports (jobs) of the office (included by office/urls.py, in the office namespace)."""

from django.urls import path

from zoneinvest.office.views import jobs

urlpatterns = [
    path("imports/", jobs.import_list, name="import_list"),
    path("imports/<int:pk>/", jobs.import_detail, name="import_detail"),
    path("imports/<int:pk>/progress/", jobs.import_progress, name="import_progress"),
    path("imports/<int:pk>/map/", jobs.import_map, name="import_map"),
    path("imports/<int:pk>/commit/", jobs.import_commit, name="import_commit"),
]
