from django.urls import path

from zoneinvest.portal import views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("investing/why/", views.why, name="why"),
    path("investing/industries/", views.industries, name="industries"),
    path("investing/consultants/", views.consultants, name="consultants"),
    path("contact/", views.contact, name="contact"),
    path("contact/thanks/", views.thanks, name="thanks"),
]
