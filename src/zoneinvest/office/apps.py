from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OfficeConfig(AppConfig):
    name = "zoneinvest.office"
    verbose_name = _("Bureau office")
