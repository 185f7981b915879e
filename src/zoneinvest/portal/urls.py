from django.urls import path

from zoneinvest.portal import views, views_location

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    # ABOUT and LIVING: pages the bureau edits
    path("about/<slug:key>/", views.page, name="about"),
    path("living/<slug:key>/", views.page, name="living"),
    path("terms/", views.page, {"key": "terms"}, name="terms"),
    path("privacy/", views.page, {"key": "privacy"}, name="privacy"),
    # INVESTING: the bureau's records, published
    path("investing/why/", views.why, name="why"),
    path("investing/guide/", views.guide, name="guide"),
    path("investing/find-your-location/", views_location.find_location, name="find_location"),
    path(
        "investing/find-your-location/site/",
        views_location.find_location_site,
        name="find_location_site",
    ),
    path(
        "investing/find-your-location/results/",
        views_location.find_location_results,
        name="find_location_results",
    ),
    path("investing/policies/", views.policies, name="policies"),
    path("investing/policies/<slug:slug>/", views.policy, name="policy"),
    path("investing/opportunities/", views.opportunities, name="opportunities"),
    path("investing/opportunities/<slug:slug>/", views.opportunity, name="opportunity"),
    path("investing/parks/", views.parks, name="parks"),
    path("investing/parks/<slug:slug>/", views.park, name="park"),
    path("investing/industries/", views.industries, name="industries"),
    path("investing/enterprises/", views.enterprises, name="enterprises"),
    path("investing/consultants/", views.consultants, name="consultants"),
    # NEWS
    path("news/", views.news, name="news_all"),
    path("news/story/<slug:slug>/", views.story, name="story"),
    path("news/<slug:kind>/", views.news, name="news"),
    # Contact Us
    path("contact/", views.contact, name="contact"),
    path("contact/thanks/", views.thanks, name="thanks"),
]
