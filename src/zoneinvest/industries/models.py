"""What the zone wants to grow: its industry chains (links and targets come later)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from zoneinvest.core.models import TimeStamped, ZoneOwned, money_field


class Sector(models.TextChoices):
    MANUFACTURING = "manufacturing", _("Manufacturing")
    SERVICE = "service", _("Service")


class Tier(models.TextChoices):
    TRILLION = "trillion", _("Trillion-yuan-level cluster")
    HUNDRED_BILLION = "hundred_billion", _("100-billion-yuan-level industry")


class ChainPosition(models.TextChoices):
    UPSTREAM = "upstream", _("Upstream")
    MIDSTREAM = "midstream", _("Midstream")
    DOWNSTREAM = "downstream", _("Downstream")


class IndustryChain(ZoneOwned, TimeStamped):
    code = models.SlugField(_("code"), max_length=60)
    name = models.CharField(_("name"), max_length=200)
    sector = models.CharField(_("sector"), max_length=20, choices=Sector.choices)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    tier = models.CharField(_("tier"), max_length=20, choices=Tier.choices, blank=True)

    class Meta:
        ordering = ["zone", "position", "code"]
        verbose_name = _("industry chain")
        verbose_name_plural = _("industry chains")
        constraints = [
            models.UniqueConstraint(fields=["zone", "code"], name="chain_code_unique_in_zone")
        ]

    def __str__(self) -> str:
        return str(self.name)


class ChainLink(ZoneOwned, TimeStamped):
    """One link of a chain (产业链环节), e.g. battery cells and packs in the NEV chain."""

    chain = models.ForeignKey(
        IndustryChain,
        verbose_name=_("industry chain"),
        on_delete=models.CASCADE,
        related_name="links",
    )
    code = models.SlugField(_("code"), max_length=60)
    name = models.CharField(_("name"), max_length=200)
    position = models.CharField(
        _("position in the chain"), max_length=12, choices=ChainPosition.choices
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["chain", "order", "id"]
        verbose_name = _("chain link")
        verbose_name_plural = _("chain links")
        constraints = [
            models.UniqueConstraint(fields=["chain", "code"], name="chain_link_code_unique")
        ]

    def __str__(self) -> str:
        return str(self.name)


class ClusterTarget(ZoneOwned, TimeStamped):
    """A chain's tier and output target for a year, with the output actually reached."""

    chain = models.ForeignKey(
        IndustryChain,
        verbose_name=_("industry chain"),
        on_delete=models.CASCADE,
        related_name="targets",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    tier = models.CharField(_("tier"), max_length=20, choices=Tier.choices)
    output_target = money_field(_("output target (yuan)"), null=False)
    actual_output = money_field(_("actual output (yuan)"))
    source = models.CharField(_("source"), max_length=300, blank=True)

    class Meta:
        ordering = ["chain", "-year"]
        verbose_name = _("cluster target")
        verbose_name_plural = _("cluster targets")
        constraints = [
            models.UniqueConstraint(fields=["chain", "year"], name="cluster_target_once_a_year")
        ]

    def __str__(self) -> str:
        return f"{self.chain} {self.year}"
