"""The API token is read with its user and the user's zones in one query (`token_by_digest`,
its SQL kept for its shape); the zones are the user's."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories.core import ZoneFactory
from zoneinvest.accounts.models import Membership
from zoneinvest.accounts.selectors import user_zone_ids, user_zones
from zoneinvest.accounts.services import token_authenticate, token_create


def _authenticated(user):
    _, plain = token_create(user=user, name="zones", read_only=True)
    with CaptureQueriesContext(connection) as queries:
        token = token_authenticate(plain=plain)
        zone_ids = user_zone_ids(user=token.user)
    return token, zone_ids, len(queries)


def test_a_member_of_several_zones_gets_them_all_with_the_token_and_user(world):
    third = ZoneFactory()
    Membership.objects.create(user=world.officer, zone=third)
    _token, zone_ids, queries = _authenticated(world.officer)
    assert sorted(zone_ids) == sorted(user_zones(user=world.officer).values_list("id", flat=True))
    assert sorted(zone_ids) == sorted([world.zone.pk, third.pk])
    assert queries == 2  # the token with its user and zones; last_used_at written once


def test_a_user_of_no_zone_has_none_and_a_platform_admin_has_every_zone(world):
    world.officer.memberships.all().delete()
    assert _authenticated(world.officer)[1] == []
    admin_zones = _authenticated(world.admin)[1]
    assert sorted(admin_zones) == sorted(user_zones(user=world.admin).values_list("id", flat=True))
    assert world.other_zone.pk in admin_zones


def test_an_api_request_reads_no_zones_of_its_own(world, api_as):
    api = api_as(world.officer)
    api.get("/projects")  # the token's last use written
    with CaptureQueriesContext(connection) as queries:
        assert api.get("/projects").status_code == 200
    zone_reads = [q["sql"] for q in queries if 'FROM "core_zone"' in q["sql"]]
    assert zone_reads == []
    # the token with its user and zones, the page, and the count: an officer's is the kept
    # stage totals of the projects open to all and their own confidential projects counted
    assert len(queries) == 4


def test_a_revoked_expired_or_inactive_token_is_refused(world):
    import datetime as dt

    from django.utils import timezone

    from zoneinvest.accounts.services import token_revoke

    token, plain = token_create(user=world.officer, name="t", read_only=True)
    assert token_authenticate(plain=plain) is not None
    token.expires_at = timezone.now() - dt.timedelta(seconds=1)
    token.save()
    assert token_authenticate(plain=plain) is None
    token, plain = token_create(user=world.officer, name="t2", read_only=True)
    token_revoke(token=token, by=world.officer)
    assert token_authenticate(plain=plain) is None
    token, plain = token_create(user=world.officer, name="t3", read_only=True)
    world.officer.is_active = False
    world.officer.save()
    assert token_authenticate(plain=plain) is None
    assert token_authenticate(plain=plain + "x") is None
    assert token_authenticate(plain="not-a-token") is None
