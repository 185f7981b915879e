from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "zoneinvest.search"
    label = "search"
    verbose_name = _("Search")

    def ready(self) -> None:
        from zoneinvest.search import signals

        signals.connect()
