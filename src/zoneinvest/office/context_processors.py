"""What every office page shows: what the user may do."""

from typing import Any

from django.http import HttpRequest

from zoneinvest.accounts.selectors import user_can_read_pipeline, user_can_write_pipeline
from zoneinvest.matching.services import user_can_tune_weights
from zoneinvest.portal.selectors import user_can_edit_portal


def office(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "can_read_pipeline": user_can_read_pipeline(user=user),
        "can_write_pipeline": user_can_write_pipeline(user=user),
        "can_edit_portal": user_can_edit_portal(user=user),
        "can_tune_weights": user_can_tune_weights(user=user),
    }
