"""Seed BottleCRM (django-crm 1.35.0) with N deals; run with its own virtualenv's python.

    python bench/bottlecrm/seed.py 10000      # environment: crm.settings' DB*/SECRET_KEY/...

Its own `seed_data` makes the org, 6 profiles, 300 contacts, 50 accounts, 1,000 leads and 1,000
deals (one by one, through save()); the remaining deals are added with `bulk_create`, each with
the fields its save() fills (pipeline, a stage of that pipeline, probability, stage_changed_at),
an assignee and a contact, as the seeded ones have. Prints JSON: a personal access token, the
default pipeline's stage codes, the id of a deal.
"""

import datetime as dt
import json
import os
import random
import sys
from decimal import Decimal

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "crm.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

BATCH = 5000


def main() -> None:
    from common.models import Org, PersonalAccessToken, Profile
    from common.rls import get_set_context_sql
    from opportunity.models import DealPipeline, Opportunity

    total = int(sys.argv[1])
    rnd = random.Random(1)
    if not Org.objects.filter(name="MicroPyramid").exists():  # a larger size adds to the first
        with open(os.devnull, "w") as quiet:
            call_command(
                "seed_data",
                orgs=1,
                users_per_org=5,
                leads=1000,
                accounts=50,
                contacts=300,
                opportunities=min(1000, total),
                seed=1,
                stdout=quiet,
            )
    org = Org.objects.get(name="MicroPyramid")
    with connection.cursor() as cursor:
        cursor.execute(get_set_context_sql(), [str(org.id)])
    profiles = list(Profile.objects.filter(org=org).order_by("created_at"))
    admin = next((p for p in profiles if getattr(p, "role", "") == "ADMIN"), profiles[0])
    templates = list(Opportunity.objects.filter(org=org))
    pipeline = DealPipeline.default_for(org)
    stages = list(pipeline.stages.order_by("order"))
    assigned = Opportunity.assigned_to.through
    contacts = Opportunity.contacts.through
    contact_ids = list(contacts.objects.values_list("contact_id", flat=True).distinct()) or [None]
    now = timezone.now()
    done = len(templates)
    while done < total:
        n = min(BATCH, total - done)
        with transaction.atomic():
            deals = []
            for i in range(done, done + n):
                t = templates[i % len(templates)]
                deals.append(
                    Opportunity(
                        name=f"Deal {i}",
                        account_id=t.account_id,
                        stage=t.stage,
                        pipeline_id=t.pipeline_id or pipeline.id,
                        opportunity_type=t.opportunity_type,
                        currency=t.currency,
                        amount=Decimal(rnd.randint(10_000, 1_000_000)),
                        amount_source=t.amount_source,
                        probability=t.probability,
                        closed_on=t.closed_on,
                        lead_source=t.lead_source,
                        stage_changed_at=now - dt.timedelta(days=rnd.randint(0, 200)),
                        kanban_order=Decimal(i),
                        org=org,
                        created_by_id=t.created_by_id,
                    )
                )
            Opportunity.objects.bulk_create(deals, batch_size=1000)
            assigned.objects.bulk_create(
                [assigned(opportunity_id=d.id, profile_id=rnd.choice(profiles).id) for d in deals],
                batch_size=BATCH,
            )
            if contact_ids[0] is not None:
                contacts.objects.bulk_create(
                    [
                        contacts(opportunity_id=d.id, contact_id=rnd.choice(contact_ids))
                        for d in deals
                    ],
                    batch_size=BATCH,
                )
        done += n
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    raw, _ = PersonalAccessToken.generate(admin, "bench")
    one = Opportunity.objects.filter(org=org).order_by("created_at").first()
    print(
        json.dumps(
            {
                "token": raw,
                "stages": [[s.code, s.kind] for s in stages],
                "deal": str(one.id),
                "deals": Opportunity.objects.filter(org=org).count(),
            }
        )
    )


if __name__ == "__main__":
    main()
