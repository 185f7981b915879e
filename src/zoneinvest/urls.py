from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

from zoneinvest.api.urls import api

urlpatterns = [
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", RedirectView.as_view(pattern_name="office:home", permanent=False), name="root"),
]
urlpatterns += i18n_patterns(
    path("accounts/", include("zoneinvest.accounts.urls")),
    path("office/", include("zoneinvest.office.urls")),
    prefix_default_language=True,
)
