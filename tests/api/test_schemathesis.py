"""schemathesis against /api/v1/openapi.json, in process through the project's WSGI app.

Every operation of the document is called with generated data (examples, coverage and fuzzing
phases, positive and negative) as a director of the zone, and every default check runs on each
answer: no server error, status codes, content types, headers and bodies as documented, 405 with
`Allow` for a method an address does not have (three checks are not run yet: see NOT_YET).
Path ids are often those of real records (the `records` fixture), so answers are not all 404s.

Authorisation with two users is a test of its own below: a director of another zone gets 404 for
every record of this zone, through every GET address that takes an id.
"""

import datetime as dt
import re
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import Client
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from tests.factories.events import CampaignFactory, EventFactory, VenueFactory
from tests.factories.pipeline import ContactFactory, TaskFactory
from tests.factories.places import make_opportunity, make_park, make_policy
from zoneinvest.accounts.services import token_create
from zoneinvest.consultants.services import consultant_create, referral_submit
from zoneinvest.core.models import Zone
from zoneinvest.industries.models import ChainLink
from zoneinvest.pipeline.models import Activity
from zoneinvest.wsgi import application

SCHEMA_PATH = "/api/v1/openapi.json"
# The examples each operation gets in the fuzzing phase; the coverage phase adds its own.
MAX_EXAMPLES = 10
# Checks not run yet (issue 7 stays open on them; docs/decisions/0009):
# - positive_data_acceptance: schema-valid data that a business rule refuses (an unknown or
#   other-zone reference, a stage transition) is answered 422, which this check counts as a
#   failure; it needs a custom rule that allows 422 for references and rules only.
# - negative_data_rejection: unknown query parameters, 0/1 for booleans and numbers for ids are
#   accepted instead of refused; query schemas need extra="forbid" and strict types.
# - ignored_auth: the explicit Authorization header hides its "no token" cases (an auth provider
#   is needed); tokens are enforced and tested in tests/office/test_access.py instead.
NOT_YET = [
    schemathesis.checks.positive_data_acceptance,
    schemathesis.checks.negative_data_rejection,
    schemathesis.checks.ignored_auth,
]

schema = schemathesis.openapi.from_wsgi(SCHEMA_PATH, application)

# Ids of the records the `records` fixture made, by path parameter; read by the hook below.
KNOWN: dict[str, Any] = {}


@schema.hook
def flatmap_path_parameters(context: Any, path_parameters: dict[str, Any]) -> Any:
    """Half of the generated whole-number ids become the id of a real record of the kind."""
    choices = [path_parameters]
    known = {name: KNOWN[name] for name in path_parameters or {} if name in KNOWN}
    if known and all(isinstance(path_parameters[name], int) for name in known):
        choices.append({**path_parameters, **known})
    return st.sampled_from(choices)


@pytest.fixture(autouse=True)
def _no_rate_limit(settings):
    """Thousands of requests a minute with one token: the limit has tests of its own."""
    settings.API_RATE_LIMIT_PER_MINUTE = 0


@pytest.fixture(autouse=True)
def _one_connection_per_test():
    """As Django's test client does: the WSGI handler must not close the test's connection
    (which holds the test's transaction) at the end of each request."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def _records(world: Any, zone: Zone, director: Any) -> dict[str, Any]:
    """One record of every kind an address of the API takes an id of, in `zone`."""
    chain = world.chain if zone == world.zone else None
    if chain is None:
        from tests.factories.pipeline import ChainFactory, CompanyFactory, ProjectFactory

        chain = ChainFactory(zone=zone)
        company = CompanyFactory(zone=zone, chain=chain)
        project = ProjectFactory(zone=zone, company=company, chain=chain)
    else:
        company, project = world.company, world.project
    ChainLink.objects.create(
        zone=zone, chain=chain, code="cells", name_en="Cells", position="midstream"
    )
    contact = ContactFactory(company=company)
    task = TaskFactory(zone=zone, project=project, assignee=director, due_date=dt.date(2024, 5, 1))
    Activity.objects.create(
        zone=zone,
        kind=Activity.Kind.VISIT,
        date=dt.date(2024, 4, 1),
        company=company,
        project=project,
        by=director,
    )
    campaign = CampaignFactory(zone=zone)
    event = EventFactory(zone=zone, campaign=campaign)
    VenueFactory(event=event)
    consultant = consultant_create(zone=zone, name_en="Alice Becker", by=director)
    referral = referral_submit(
        consultant=consultant, company_name_en="Referred GmbH", country="DE", by=director
    )
    return {
        "company_id": company.pk,
        "contact_id": contact.pk,
        "project_id": project.pk,
        "task_id": task.pk,
        "campaign_id": campaign.pk,
        "event_id": event.pk,
        "consultant_id": consultant.pk,
        "referral_id": referral.pk,
        "chain_id": chain.pk,
    }


@pytest.fixture
def records(world) -> Iterator[dict[str, Any]]:
    ids = _records(world, world.zone, world.director)
    make_park(world.zone, slug="yufu", focus_chains=[world.chain])
    make_policy(world.zone, slug="subsidy", chains=[world.chain], min_investment=Decimal(10**8))
    make_opportunity(world.zone, world.chain, slug="charging")
    KNOWN.clear()
    KNOWN.update(ids, slug="yufu")
    yield ids
    KNOWN.clear()


@pytest.fixture
def director_token(world) -> str:
    return token_create(user=world.director, name="schemathesis")[1]


@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
def test_the_api_answers_as_its_openapi_document_says(case, records, director_token):
    case.call_and_validate(
        headers={"Authorization": f"Bearer {director_token}"}, excluded_checks=NOT_YET
    )


# ---------------------------------------------------------------- two users


def _get_operations_with_ids() -> list[str]:
    paths = schema.raw_schema["paths"]
    return sorted(
        path
        for path, operations in paths.items()
        if "get" in operations and "{" in path and not path.startswith("/api/v1/public/")
    )


@pytest.mark.parametrize("path", _get_operations_with_ids())
def test_a_director_of_another_zone_gets_404_for_every_record_of_this_zone(
    world, records, token_for, path
):
    """User B (director of our zone) reads each record; user A (director of another zone, with
    records of their own) gets 404 for the same address, never 200."""
    names = re.findall(r"{(\w+)}", path)
    assert set(names) <= set(records), f"no record for {names} of {path}: add one to _records"
    url = path.format(**records)
    own = Client().get(url, headers={"Authorization": f"Bearer {token_for(world.director)}"})
    assert own.status_code == 200, (url, own.content)

    _records(world, world.other_zone, world.outsider)
    theirs = Client().get(url, headers={"Authorization": f"Bearer {token_for(world.outsider)}"})
    assert theirs.status_code == 404, (url, theirs.status_code, theirs.content)
    assert theirs.json()["error"]["code"] == "not_found"


@pytest.mark.parametrize("path", ["/api/v1/contacts?company=", "/api/v1/events?campaign="])
def test_an_id_too_large_for_the_database_is_never_a_server_error(world, director_token, path):
    response = Client().get(
        path + "-2195164359806837547950096584110243840",
        HTTP_AUTHORIZATION=f"Bearer {director_token}",
    )
    # SQLite cannot bind the number (422, out of range); PostgreSQL finds nothing (an empty page).
    if response.status_code == 422:
        assert response.json()["error"]["code"] == "out_of_range"
    else:
        assert response.status_code == 200
        assert response.json()["items"] == []
