from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "zoneinvest.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        # Failed log-ins are known only through Django's signal (core/security.py).
        from zoneinvest.core import security

        security.connect()
