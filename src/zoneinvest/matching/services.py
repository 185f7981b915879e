"""Matching writes: the points a zone gives each criterion (the directors' weights page)."""

from typing import Any

from django.db import transaction
from django.utils.translation import gettext

from zoneinvest.accounts.models import Role, User
from zoneinvest.accounts.selectors import user_zone_ids
from zoneinvest.core.audit import audit_record, audit_trail
from zoneinvest.core.errors import DomainError, StaleEdit, ValidationFailed
from zoneinvest.core.i18n import join_words
from zoneinvest.core.models import Zone
from zoneinvest.matching.criteria import MAX_POINTS, Criterion
from zoneinvest.matching.models import Weight
from zoneinvest.matching.selectors import weights_for

# Who tunes the weights of their zones.
WEIGHT_TUNERS = frozenset({Role.ADMIN, Role.DIRECTOR})
WEIGHTS_UPDATED = "matching.weights.updated"


class WeightsNotAllowed(DomainError):
    code = "forbidden"


def user_can_tune_weights(*, user: Any) -> bool:
    return bool(user.is_authenticated and user.is_active and user.role in WEIGHT_TUNERS)


def _refuse_bad_points(points: dict[str, int]) -> None:
    problems: dict[str, list[str]] = {}
    for criterion, value in points.items():
        if criterion not in Criterion.values:
            problems[criterion] = [gettext("Not a criterion.")]
        elif isinstance(value, bool) or not isinstance(value, int):
            problems[criterion] = [gettext("Enter a whole number.")]
        elif not -MAX_POINTS <= value <= MAX_POINTS:
            problems[criterion] = [
                gettext("Enter a whole number from %(least)d to %(most)d.")
                % {"least": -MAX_POINTS, "most": MAX_POINTS}
            ]
    if problems:
        raise ValidationFailed.for_fields(gettext("Some points need correcting."), problems)


def _refuse_stale(zone: Zone, stored: dict[str, int], expected: dict[str, int]) -> None:
    changed = [c for c in Criterion if c.value in expected and stored[c] != expected[c]]
    if not changed:
        return
    last = audit_trail(obj=zone).filter(verb=WEIGHTS_UPDATED).first()
    who = str(last.actor) if last is not None and last.actor is not None else gettext("Someone")
    raise StaleEdit(
        gettext(
            "%(person)s changed these weights after you opened the page: %(criteria)s. "
            "Nothing of yours was saved; check the current points and save again."
        )
        % {"person": who, "criteria": join_words(c.label for c in changed)},
        details={
            "changed": [c.value for c in changed],
            "current": {c.value: stored[c] for c in changed},
        },
    )


@transaction.atomic
def weights_update(
    *, zone: Zone, points: dict[str, int], expected: dict[str, int], by: User | None
) -> dict[str, int]:
    """Give criteria of `zone` new points (−MAX_POINTS..MAX_POINTS), in one transaction with
    one audit event (before/after of each criterion that changed).

    `expected` is what the caller read for each criterion it shows (the form's hidden values):
    if the stored points of any of them differ, someone saved in between and nothing is written
    (StaleEdit, naming the criteria). Returns every criterion's points after the change.
    """
    if by is not None and (
        not user_can_tune_weights(user=by) or zone.pk not in user_zone_ids(user=by)
    ):
        raise WeightsNotAllowed(gettext("Only a director of this zone may change the weights."))
    _refuse_bad_points(points)
    Zone.objects.select_for_update().filter(pk=zone.pk).first()  # one save at a time per zone
    stored = weights_for(zone=zone)
    _refuse_stale(zone, stored, expected)
    changes = {
        criterion: [stored[criterion], value]
        for criterion, value in points.items()
        if stored[criterion] != value
    }
    for criterion, (_before, after) in changes.items():
        Weight.objects.update_or_create(zone=zone, criterion=criterion, defaults={"points": after})
    if changes:
        audit_record(actor=by, verb=WEIGHTS_UPDATED, obj=zone, zone=zone, changes=changes)
    return {**stored, **{c: after for c, (_before, after) in changes.items()}}
