"""Bad input found by schemathesis' deeper runs: a clear field error, never a server error."""

import pytest

from zoneinvest.core.errors import ValidationFailed
from zoneinvest.pipeline.services import project_create, project_update
from zoneinvest.places.services import indicators_import_csv

pytestmark = pytest.mark.django_db


def test_a_second_project_with_the_same_external_id_names_the_field(world):
    project_create(zone=world.zone, title_en="First", external_id="B-1", by=world.director)
    with pytest.raises(ValidationFailed) as refused:
        project_create(zone=world.zone, title_en="Second", external_id="B-1", by=world.director)
    assert set(refused.value.details["fields"]) == {"external_id"}
    other = project_create(
        zone=world.other_zone, title_en="Elsewhere", external_id="B-1", by=world.outsider
    )
    assert other.external_id == "B-1"  # another zone's ids are its own
    with pytest.raises(ValidationFailed):
        project_update(
            project=world.project,
            version=world.project.version,
            by=world.director,
            external_id="B-1",
        )


def test_an_unreadable_indicator_csv_is_refused_with_a_reason(world):
    content = 'kind,area,year,value,unit,source\r\n"land\rarea",zone,2022,1,km²,x\n\x00'
    with pytest.raises(ValidationFailed) as refused:
        indicators_import_csv(zone=world.zone, content=content, by=world.director)
    assert "file" in refused.value.details["fields"] or refused.value.details["fields"]
