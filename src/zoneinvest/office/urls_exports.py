"""exports URLs of the office (included by office/urls.py, in the office namespace)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
