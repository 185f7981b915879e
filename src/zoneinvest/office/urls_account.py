"""account URLs of the office (included by office/urls.py, in the office namespace): the user's
own API tokens and private calendar address. The calendar feeds themselves are in
zoneinvest/urls.py, outside the language prefix."""

from django.urls import URLPattern, path

from zoneinvest.office.views import account

urlpatterns: list[URLPattern] = [
    path("account/tokens/", account.api_tokens, name="api_tokens"),
    path("account/tokens/new/", account.api_token_new, name="api_token_new"),
    path("account/tokens/<int:pk>/revoke/", account.api_token_revoke, name="api_token_revoke"),
    path("account/calendar/new/", account.calendar_feed_new, name="calendar_feed_new"),
    path("account/calendar/stop/", account.calendar_feed_stop, name="calendar_feed_stop"),
]
