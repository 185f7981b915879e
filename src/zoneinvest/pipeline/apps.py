from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PipelineConfig(AppConfig):
    name = "zoneinvest.pipeline"
    label = "pipeline"
    verbose_name = _("Pipeline")

    def ready(self) -> None:
        from zoneinvest.pipeline import totals

        totals.connect()  # the board's stage totals follow every write of a project
