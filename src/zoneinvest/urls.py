from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

from zoneinvest.api.urls import api
from zoneinvest.office.views import calendar as calendar_views
from zoneinvest.portal import views as portal_views

urlpatterns = [
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("sitemap.xml", portal_views.sitemap, name="portal_sitemap"),
    path("robots.txt", portal_views.robots, name="portal_robots"),
    # private calendar feeds: one address whatever the language (the secret is the credential)
    path("calendar/<str:token>/events.ics", calendar_views.calendar_events, name="calendar_events"),
    path("calendar/<str:token>/tasks.ics", calendar_views.calendar_tasks, name="calendar_tasks"),
    path("", portal_views.root, name="root"),
]
urlpatterns += i18n_patterns(
    path("accounts/", include("zoneinvest.accounts.urls")),
    path("office/", include("zoneinvest.office.urls")),
    path("", include("zoneinvest.portal.urls")),
    prefix_default_language=True,
)

# Uploaded images (pages, stories) are served by the app only in DEBUG; in production by the
# reverse proxy from MEDIA_ROOT (docs/DEPLOY.md).
urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
