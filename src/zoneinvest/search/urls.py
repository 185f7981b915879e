from django.urls import path

from zoneinvest.search import views

# Included by office/urls.py: its names are in the "office" namespace.
urlpatterns = [path("search/", views.office_search, name="search")]
