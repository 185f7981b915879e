"""One record of every kind an API address takes an id of, in one zone: the path parameters of
the schemathesis run and of the access table (tests/api/test_access_table.py)."""

import datetime as dt
from decimal import Decimal
from typing import Any

from tests.factories.events import CampaignFactory, EventFactory, VenueFactory
from tests.factories.pipeline import ContactFactory, TaskFactory
from tests.factories.places import make_opportunity, make_park, make_policy
from zoneinvest.accounts.models import User
from zoneinvest.consultants.services import consultant_create, referral_submit
from zoneinvest.core.models import Zone
from zoneinvest.industries.models import ChainLink
from zoneinvest.pipeline.models import Activity
from zoneinvest.portal.services import guide_step_create, inquiry_submit, page_create, story_create
from zoneinvest.reports.models import Job


def _job(zone: Zone, by: Any) -> Job:
    """A project import of the zone whose check found a bad row (read-only in the API)."""
    return Job.objects.create(
        zone=zone,
        kind="projects",
        status="invalid",
        created_by=by,
        file_name="projects.csv",
        file_format="csv",
        total_rows=2,
        done_rows=2,
        error_count=1,
        row_errors=[{"row": 3, "column": "Country", "message": "Unknown country."}],
    )


def make_records(
    world: Any, zone: Zone, director: Any, *, consultant_user: User | None = None
) -> dict[str, Any]:
    """Ids by path parameter name (`project_id` ...) of one record of each kind in `zone`; the
    consultant is `consultant_user`'s own record when one is given."""
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
    consultant = consultant_create(
        zone=zone, name_en="Alice Becker", user=consultant_user, by=director
    )
    referral = referral_submit(
        consultant=consultant, company_name_en="Referred GmbH", country="DE", by=director
    )
    park = make_park(zone, slug="yufu", focus_chains=[chain])
    policy = make_policy(zone, slug="subsidy", chains=[chain], min_investment=Decimal(10**8))
    opportunity = make_opportunity(zone, chain, slug="charging", park=park, project=project)
    step = guide_step_create(
        zone=zone, by=director, position=1, title_en="Register", description_en="At the desk.",
        office_en="Service centre",
    )  # fmt: skip
    page = page_create(zone=zone, key="food", by=director, title_en="Food", body_en="Noodles.")
    story = story_create(
        zone=zone, by=director, slug="berlin", kind="events", title_en="Berlin", body_en="Text.",
        event=event,
    )  # fmt: skip
    inquiry = inquiry_submit(
        zone=zone, name="Anna Schmidt", organisation="Voltstore GmbH", email="anna@example.com",
        country="DE", message="A battery plant.", chain=chain, park=park,
    )  # fmt: skip
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
        "park_id": park.pk,
        "policy_id": policy.pk,
        "opportunity_id": opportunity.pk,
        "step_id": step.pk,
        "page_id": page.pk,
        "story_id": story.pk,
        "inquiry_id": inquiry.pk,
        "job_id": _job(zone, director).pk,
    }
