from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# The records public pages read: saving or deleting any of them makes stored pages stale.
PUBLIC_MODELS = (
    "core.Zone",
    "places.Indicator",
    "places.Park",
    "places.Policy",
    "industries.IndustryChain",
    "industries.ChainLink",
    "pipeline.Company",
    "pipeline.Project",
    "events.Event",
    "events.Signing",
    "consultants.Consultant",
    "consultants.Appointment",
    "portal.Opportunity",
    "portal.GuideStep",
    "portal.Page",
    "portal.Story",
    "matching.Weight",  # the points "Find your location" scores with
)


class PortalConfig(AppConfig):
    name = "zoneinvest.portal"
    label = "portal"
    verbose_name = _("Public investor portal")

    def ready(self) -> None:
        from django.apps import apps
        from django.db.models.signals import m2m_changed, post_delete, post_save

        from zoneinvest.portal.cache import bump_generation

        for label in PUBLIC_MODELS:
            model = apps.get_model(label)
            uid = f"portal-cache-{label}"
            post_save.connect(bump_generation, sender=model, dispatch_uid=f"{uid}-save")
            post_delete.connect(bump_generation, sender=model, dispatch_uid=f"{uid}-delete")
            for field in model._meta.many_to_many:
                m2m_changed.connect(
                    bump_generation,
                    sender=field.remote_field.through,
                    dispatch_uid=f"{uid}-{field.name}",
                )
