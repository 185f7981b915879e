"""The first group of 11 global investment consultants, and a reward computed from records."""

import pytest
from django.db import transaction

from zoneinvest.accounts.models import User
from zoneinvest.consultants.models import Appointment, Consultant
from zoneinvest.consultants.selectors import consultant_ranking, referral_views
from zoneinvest.demo.liangjiang import demo_load


@pytest.fixture(scope="module")
def loaded(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        demo_load()
        yield
        transaction.set_rollback(True)


def test_eleven_consultants_were_appointed_in_the_first_group_on_the_conference_day(loaded, db):
    appointments = Appointment.objects.filter(appointed_on="2023-01-11")
    assert appointments.count() == 11
    assert {a.batch_en for a in appointments} == {"First group of global investment consultants"}
    named = set(Consultant.objects.filter(illustrative=False).values_list("name_en", flat=True))
    assert named == {"Li Zexiang", "Sylvain Laurent", "John Z. Zhang", "Denis Depoux"}
    assert Consultant.objects.get(user__username="consultant").name_en == "Martin Keller"


def test_the_directors_ranking_is_computed_from_records(loaded, db):
    ranking = consultant_ranking(user=User.objects.get(username="director"))
    assert len(ranking) == 11
    top = ranking[0]
    assert top.consultant.name_en == "Martin Keller"
    assert (top.referrals, top.signed) == (2, 2)
    assert top.paid_in == 350_000_000
    assert top.reward_due == 3_500_000  # 1 % of 350 million yuan paid in, under the cap


def test_the_demo_consultant_sees_only_their_own_referrals(loaded, db):
    views = referral_views(user=User.objects.get(username="consultant"))
    assert {v.company for v in views} == {
        "Havelland Energiespeicher GmbH",
        "Rheintal Antriebe GmbH",
    }
