"""The points a zone gives each matching criterion (data a director tunes)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from zoneinvest.core.models import ZoneOwned
from zoneinvest.matching.criteria import MAX_POINTS, Criterion


class Weight(ZoneOwned):
    criterion = models.CharField(_("criterion"), max_length=40, choices=Criterion.choices)
    points = models.SmallIntegerField(_("points"))
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["zone", "criterion"]
        verbose_name = _("matching weight")
        verbose_name_plural = _("matching weights")
        constraints = [
            models.UniqueConstraint(fields=["zone", "criterion"], name="weight_once_per_criterion"),
            models.CheckConstraint(
                condition=models.Q(points__gte=-MAX_POINTS, points__lte=MAX_POINTS),
                name="weight_points_bounded",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.criterion}: {self.points}"
