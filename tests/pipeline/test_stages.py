"""The stage rules that reports and lists share."""

import pytest
from django.utils import translation

from zoneinvest.pipeline.models import Project
from zoneinvest.pipeline.stages import MAIN_ROAD, TRANSITIONS, Stage, reached_through


def test_the_main_road_is_walked_one_step_at_a_time():
    """What makes `reached_through` true: no move skips a stage of the road forward."""
    for current, targets in TRANSITIONS.items():
        for target in targets:
            if current in MAIN_ROAD and target in MAIN_ROAD:
                assert MAIN_ROAD.index(target) <= MAIN_ROAD.index(current) + 1, (current, target)


@pytest.mark.parametrize(
    ("stage", "proof"),
    [
        (Stage.LEAD, list(MAIN_ROAD)),
        (Stage.NEGOTIATING, [Stage.NEGOTIATING, *MAIN_ROAD[3:]]),
        (Stage.OPERATING, [Stage.OPERATING]),
        (Stage.LOST, [Stage.LOST]),
        (Stage.ON_HOLD, [Stage.ON_HOLD]),
    ],
)
def test_a_stage_is_reached_by_standing_at_it_or_any_later_stage_of_the_road(stage, proof):
    assert reached_through(stage) == proof


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_a_project_s_stage_label_is_django_s_in_each_language(language):
    with translation.override(language):
        for stage in Stage:
            project = Project(stage=stage)
            assert project.get_stage_display() == str(stage.label)
            assert project.get_stage_display() == project._get_FIELD_display(
                Project._meta.get_field("stage")
            )
        assert Project(stage="no-such-stage").get_stage_display() == "no-such-stage"
