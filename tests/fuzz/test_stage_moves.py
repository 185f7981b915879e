"""Fuzz: any sequence of stage moves, through the service the board, the stage form and the API
call (`events.services.stage_move`), is either made or refused with a domain error (invalid
transition, missing fields, stale version, already signed) and nothing else; a move the
transition table allows, with what the stage needs, is made. After every step the project is
consistent: its stage is a Stage, its history is one unbroken chain ending at that stage, its
furthest stage is the furthest its history shows, it has every field its stage requires, and
its version went up by exactly one per move made (a refused move changes nothing)."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from zoneinvest.core.errors import DomainError, StaleEdit
from zoneinvest.events.models import Signing
from zoneinvest.events.services import stage_move
from zoneinvest.pipeline.models import Project, StageChange
from zoneinvest.pipeline.services import (
    InvalidStageTransition,
    project_create,
    project_missing_fields,
)
from zoneinvest.pipeline.stages import MAIN_ROAD, Stage, fields_required_at, is_allowed, road_index

FUZZ = settings.get_profile("zoneinvest-fuzz")

FORWARD = "forward"  # the next stage on the road (or back from on hold / lost): deep walks happen


@dataclass(frozen=True)
class Step:
    target: Stage | str  # a Stage, or FORWARD
    supply: bool  # give the values the target stage requires
    reason: bool  # give a reason (a lost project needs one)
    stale: bool  # send the version before the current one


STEPS = st.lists(
    st.builds(
        Step,
        target=st.one_of(st.just(FORWARD), st.sampled_from(list(Stage))),
        supply=st.booleans(),
        reason=st.booleans(),
        stale=st.integers(0, 5).map(lambda n: n == 0),
    ),
    min_size=1,
    max_size=6,
)


def forward_from(project: Project) -> Stage:
    stage = Stage(project.stage)
    if stage == Stage.ON_HOLD:
        return Stage(project.held_from_stage)
    if stage == Stage.LOST:
        return Stage.LEAD
    index = road_index(stage)
    assert index is not None
    return MAIN_ROAD[min(index + 1, len(MAIN_ROAD) - 1)]


def values_for(world, target: Stage) -> dict:
    day = dt.date(2024, 5, 1)
    known = {
        "company": world.company,
        "sector": world.chain.sector or "manufacturing",
        "chain": world.chain,
        "owner": world.officer,
        "total_investment": Decimal("250000000.00"),
        "est_signing_date": day,
        "signing_date": day,
        "registration_date": day,
        "registered_capital": Decimal("50000000.00"),
        "contracted_amount": Decimal("200000000.00"),
        "construction_date": day,
        "land_mu": Decimal("120.50"),
        "operation_date": day,
    }
    return {name: known[name] for name in fields_required_at(target)}


def expected_to_succeed(project: Project, target: Stage, step: Step, signed_before: bool) -> bool:
    """What the transition table and the stage's needs say, decided without the service."""
    source = Stage(project.stage)
    if step.stale or not is_allowed(source, target):
        return False
    if source == Stage.ON_HOLD and target not in (Stage.LOST, project.held_from_stage):
        return False
    if target == Stage.LOST and not step.reason:
        return False
    if target == Stage.SIGNED and step.supply:
        # with a signing date: through a new signing, refused if the project was signed before
        return not signed_before
    return step.supply or not project_missing_fields(project, target)


def assert_consistent(project: Project) -> None:
    assert project.stage in Stage.values
    history = list(StageChange.objects.filter(project=project).order_by("id"))
    assert history, "a project always has its first stage in its history"
    assert history[0].from_stage == ""
    assert history[0].to_stage == Stage.LEAD
    for before, after in zip(history, history[1:], strict=False):
        assert after.from_stage == before.to_stage, (before.to_stage, after.from_stage)
        assert is_allowed(after.from_stage, after.to_stage)
    assert history[-1].to_stage == project.stage
    reached = [road_index(change.to_stage) for change in history]
    assert project.furthest_stage_index == max(i for i in reached if i is not None)
    assert project_missing_fields(project, project.stage) == []
    if project.stage == Stage.ON_HOLD:
        assert project.held_from_stage == history[-1].from_stage
    else:
        assert project.held_from_stage == ""
    if project.stage == Stage.LOST:
        assert project.lost_reason
    signed_in_history = any(change.to_stage == Stage.SIGNED for change in history)
    assert Signing.objects.filter(project=project).exists() == signed_in_history


def move(world, project: Project, target: Stage, step: Step) -> DomainError | None:
    """The step through the service; the domain error that refused it, if one did (any other
    exception fails the test)."""
    try:
        stage_move(
            project=project,
            to=target,
            by=world.officer,
            version=project.version - 1 if step.stale else project.version,
            reason="Chose another zone" if step.reason else "",
            lost_to="Suzhou" if step.reason else "",
            values=values_for(world, target) if step.supply else None,
        )
    except DomainError as refused:
        return refused
    return None


@pytest.mark.django_db
@settings(FUZZ, max_examples=30)
@given(steps=STEPS)
def test_any_sequence_of_stage_moves_keeps_the_project_consistent(world, steps):
    project = project_create(zone=world.zone, title_en="Fuzzed plant", by=world.director)
    assert_consistent(project)
    for step in steps:
        before = Project.objects.get(pk=project.pk)
        moves = StageChange.objects.filter(project=project).count()
        signed_before = Signing.objects.filter(project=project).exists()
        target = forward_from(before) if step.target == FORWARD else Stage(step.target)
        expected = expected_to_succeed(before, target, step, signed_before)
        refused = move(world, Project.objects.get(pk=project.pk), target, step)  # it refreshes
        if refused is not None:
            assert refused.message
            assert not expected, f"{before.stage} → {target} was refused: {refused.message}"
            if not is_allowed(before.stage, target) and target != Stage.SIGNED:
                assert isinstance(refused, InvalidStageTransition | StaleEdit), refused
            after = Project.objects.get(pk=project.pk)
            assert (after.stage, after.version) == (before.stage, before.version)
            assert StageChange.objects.filter(project=project).count() == moves
        else:
            assert expected, f"{before.stage} → {target} was made but should have been refused"
            after = Project.objects.get(pk=project.pk)
            assert after.stage == target
            assert after.version == before.version + 1
            assert StageChange.objects.filter(project=project).count() == moves + 1
        assert_consistent(Project.objects.get(pk=project.pk))
