"""The pipeline as data: stages, allowed transitions, and the fields each stage requires.

One place decides whether a project may move; `services.project_change_stage` applies it.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Stage(models.TextChoices):
    LEAD = "lead", _("Lead")
    QUALIFIED = "qualified", _("Qualified")
    NEGOTIATING = "negotiating", _("Negotiating")
    SIGNED = "signed", _("Signed")
    REGISTERED = "registered", _("Registered")
    CONSTRUCTION = "construction", _("Construction started")
    OPERATING = "operating", _("Operating")
    ON_HOLD = "on_hold", _("On hold")
    LOST = "lost", _("Lost")


# The road from first contact to an operating plant, in order.
MAIN_ROAD: tuple[Stage, ...] = (
    Stage.LEAD,
    Stage.QUALIFIED,
    Stage.NEGOTIATING,
    Stage.SIGNED,
    Stage.REGISTERED,
    Stage.CONSTRUCTION,
    Stage.OPERATING,
)
OPEN_STAGES: frozenset[Stage] = frozenset(MAIN_ROAD[:-1])
BOARD_COLUMNS: tuple[Stage, ...] = (*MAIN_ROAD, Stage.ON_HOLD, Stage.LOST)
SIDE_EXITS = frozenset({Stage.ON_HOLD, Stage.LOST})
# A company is present in the zone once one of its projects is at least registered.
PRESENT_STAGES: tuple[Stage, ...] = (Stage.REGISTERED, Stage.CONSTRUCTION, Stage.OPERATING)

TRANSITIONS: dict[Stage, frozenset[Stage]] = {
    Stage.LEAD: frozenset({Stage.QUALIFIED}),
    Stage.QUALIFIED: frozenset({Stage.NEGOTIATING, Stage.LEAD}),
    Stage.NEGOTIATING: frozenset({Stage.SIGNED, Stage.QUALIFIED}),
    Stage.SIGNED: frozenset({Stage.REGISTERED}),
    Stage.REGISTERED: frozenset({Stage.CONSTRUCTION}),
    Stage.CONSTRUCTION: frozenset({Stage.OPERATING}),
    Stage.OPERATING: frozenset(),
    # From on hold a project resumes at the stage it was held at (checked by the service).
    Stage.ON_HOLD: OPEN_STAGES | {Stage.LOST},
    Stage.LOST: frozenset({Stage.LEAD}),
}
for _open in OPEN_STAGES:
    TRANSITIONS[_open] = TRANSITIONS[_open] | SIDE_EXITS

# Field → the stage from which it is required (UK Data Hub's validate.py habit).
REQUIRED_FROM_STAGE: dict[str, Stage] = {
    "company": Stage.QUALIFIED,
    "sector": Stage.QUALIFIED,
    "chain": Stage.QUALIFIED,
    "owner": Stage.QUALIFIED,
    "total_investment": Stage.NEGOTIATING,
    "est_signing_date": Stage.NEGOTIATING,
    "signing_date": Stage.SIGNED,
    "registration_date": Stage.REGISTERED,
    "registered_capital": Stage.REGISTERED,
    "contracted_amount": Stage.REGISTERED,
    "construction_date": Stage.CONSTRUCTION,
    "land_mu": Stage.CONSTRUCTION,
    "operation_date": Stage.OPERATING,
}

# Stages whose requirements a side exit keeps (a project on hold keeps what it had).
_ROAD_INDEX = {stage: index for index, stage in enumerate(MAIN_ROAD)}


def allowed_targets(current: Stage | str) -> frozenset[Stage]:
    return TRANSITIONS[Stage(current)]


def is_allowed(current: Stage | str, target: Stage | str) -> bool:
    return Stage(target) in TRANSITIONS[Stage(current)]


def fields_required_at(stage: Stage | str) -> list[str]:
    """Every field a project must have once it stands at `stage` (nothing extra for exits)."""
    stage = Stage(stage)
    if stage not in _ROAD_INDEX:
        return []
    reached = _ROAD_INDEX[stage]
    return [f for f, s in REQUIRED_FROM_STAGE.items() if _ROAD_INDEX[s] <= reached]


def road_index(stage: Stage | str) -> int | None:
    return _ROAD_INDEX.get(Stage(stage))


def reached_through(stage: Stage | str) -> list[Stage]:
    """The stages a project's history may show to prove it reached `stage`.

    The main road is walked one step at a time (TRANSITIONS), so a project that stood at any
    later stage of the road has passed this one: an imported project has one history entry
    (the stage it was imported at), not an invented road. A side stage proves only itself.
    """
    index = road_index(stage)
    return [Stage(stage)] if index is None else list(MAIN_ROAD[index:])
