"""The consultant network through the API: a consultant's token sees its own record and referrals
(amounts only once signed), staff see every referral with its reward, directors decide conflicts."""

import datetime as dt
import json
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.api.helpers import assert_error
from tests.factories.accounts import UserFactory
from zoneinvest.accounts.models import Role
from zoneinvest.consultants.models import Consultant, Referral
from zoneinvest.consultants.services import (
    appointment_create,
    consultant_create,
    referral_submit,
    reward_rule_create,
)
from zoneinvest.events.services import signing_record
from zoneinvest.pipeline.models import Source
from zoneinvest.pipeline.services import project_change_stage
from zoneinvest.pipeline.stages import Stage

SIGNING_DAY = dt.date(2024, 3, 12)
# A total investment no consultant may read before the project is signed.
SECRET = Decimal("987654321.00")
SECRET_FORMS = ("987654321", "987654321.00", "987654321.0")


@pytest.fixture
def network(world):
    """The world's consultant (with an appointment and an expertise), a second consultant of the
    zone with a log-in of its own, and a consultant of another zone."""
    alice = consultant_create(
        zone=world.zone,
        name_en="Alice Becker",
        by=world.director,
        user=world.consultant,
        organisation_en="Becker Advisory",
        country="DE",
        languages="de, en",
        regions="DACH",
        public_consent=True,
        chains=[world.chain],
    )
    appointment_create(
        consultant=alice, batch_en="First batch", appointed_on=dt.date(2023, 6, 1), by=None
    )
    bob_user = UserFactory(username="consultant2", role=Role.CONSULTANT, zones=[world.zone])
    bob = consultant_create(zone=world.zone, name_en="Bob Chen", by=world.director, user=bob_user)
    far = consultant_create(zone=world.other_zone, name_en="Far Away", by=None)
    return {"alice": alice, "bob": bob, "bob_user": bob_user, "far": far}


def refer(world, consultant: Consultant, name: str, **fields) -> Referral:
    return referral_submit(
        consultant=consultant,
        company_name_en=name,
        country=fields.pop("country", "DE"),
        by=consultant.user or world.director,
        **fields,
    )


def negotiate(world, referral: Referral, amount: Decimal = SECRET):
    """Move the referral's project to `negotiating` with a total investment: not yet signed."""
    project = referral.project
    project = project_change_stage(
        project=project,
        to=Stage.QUALIFIED,
        by=world.officer,
        values={"sector": "manufacturing", "chain": world.chain, "owner": world.officer},
    )
    return project_change_stage(
        project=project,
        to=Stage.NEGOTIATING,
        by=world.officer,
        values={"total_investment": amount, "est_signing_date": SIGNING_DAY},
    )


def sign(world, project, **values):
    return signing_record(
        project=project,
        date=SIGNING_DAY,
        amount=SECRET,
        by=world.officer,
        values=values or None,
    )


def _ids(response):
    assert response.status_code == 200, response.content
    return [item["id"] for item in response.json()["items"]]


def _mentions_secret(response) -> bool:
    text = response.content.decode()
    body = json.loads(text)
    numbers: list[object] = []

    def walk(value):
        if isinstance(value, dict):
            for v in value.values():
                walk(v)
        elif isinstance(value, list):
            for v in value:
                walk(v)
        else:
            numbers.append(value)

    walk(body)
    return any(form in text for form in SECRET_FORMS) or any(
        isinstance(v, int | float) and not isinstance(v, bool) and Decimal(str(v)) == SECRET
        for v in numbers
    )


# ---------------------------------------------------------------- a consultant's own scope


@pytest.mark.parametrize(
    "path", ["/consultants", "/consultants/1", "/consultants/ranking", "/referrals", "/referrals/1"]
)
def test_every_consultant_address_refuses_a_request_without_a_token(world, anonymous, path):
    assert_error(anonymous.get(path), 401, "unauthorized")


def test_a_consultant_token_sees_only_its_own_consultant_record(world, network, api_as):
    client = api_as(world.consultant)

    assert _ids(client.get("/consultants")) == [network["alice"].pk]
    own = client.get(f"/consultants/{network['alice'].pk}")
    assert own.status_code == 200
    assert own.json()["organisation"] == "Becker Advisory"
    assert_error(client.get(f"/consultants/{network['bob'].pk}"), 404, "not_found")


def test_staff_list_the_zones_consultants_with_their_expertise_and_appointments(
    world, network, api_as
):
    response = api_as(world.analyst).get("/consultants")

    assert _ids(response) == [network["alice"].pk, network["bob"].pk]
    alice = response.json()["items"][0]
    assert alice["organisation"] == "Becker Advisory"
    assert alice["country"] == "DE"
    assert alice["languages"] == "de, en"
    assert alice["regions"] == "DACH"
    assert alice["public_consent"] is True
    assert [c["id"] for c in alice["chains"]] == [world.chain.pk]
    assert alice["appointments"][0]["batch"] == "First batch"
    assert alice["appointments"][0]["status"]["code"] == "active"
    assert alice["user"]["username"] == "consultant"


def test_a_consultant_token_sees_only_its_own_referrals(world, network, api_as):
    own = refer(world, network["alice"], "Siemens AG")
    other = refer(world, network["bob"], "Trumpf SE")
    client = api_as(world.consultant)

    assert _ids(client.get("/referrals")) == [own.pk]
    assert client.get(f"/referrals/{own.pk}").json()["company"] == "Siemens AG"
    assert_error(client.get(f"/referrals/{other.pk}"), 404, "not_found")


def test_a_consultant_reads_its_referral_without_project_ids_or_staff_fields(
    world, network, api_as
):
    referral = refer(world, network["alice"], "Siemens AG", project_title_en="Drive plant")

    item = api_as(world.consultant).get(f"/referrals/{referral.pk}").json()

    assert set(item) == {
        "id",
        "company",
        "project",
        "stage",
        "status",
        "submitted_at",
        "stage_changed_at",
        "signing_date",
        "amount",
    }
    assert item["project"] == "Drive plant"
    assert item["stage"]["code"] == "lead"
    assert item["status"]["code"] == "valid"


@pytest.mark.parametrize(
    "path",
    ["/projects", "/companies", "/contacts", "/activities", "/tasks", "/events", "/campaigns"],
)
def test_a_consultant_token_is_still_refused_the_pipeline(world, network, api_as, path):
    assert_error(api_as(world.consultant).get(path), 404, "not_found")


def test_a_consultant_may_not_see_the_ranking(world, network, api_as):
    assert_error(api_as(world.consultant).get("/consultants/ranking"), 403, "forbidden")


# ---------------------------------------------------------------- amounts only once signed


def test_an_unsigned_projects_amount_never_reaches_the_consultant(world, network, api_as):
    referral = refer(world, network["alice"], "Siemens AG")
    negotiate(world, referral)
    client = api_as(world.consultant)

    listed = client.get("/referrals")
    detail = client.get(f"/referrals/{referral.pk}")

    assert listed.status_code == detail.status_code == 200
    assert not _mentions_secret(listed)
    assert not _mentions_secret(detail)
    assert detail.json()["amount"] is None
    assert detail.json()["stage"]["code"] == "negotiating"
    # the staff see it
    assert _mentions_secret(api_as(world.officer).get(f"/referrals/{referral.pk}"))


def test_the_amount_appears_for_the_consultant_once_the_project_is_signed(world, network, api_as):
    referral = refer(world, network["alice"], "Siemens AG")
    sign(world, negotiate(world, referral))
    client = api_as(world.consultant)

    detail = client.get(f"/referrals/{referral.pk}").json()
    listed = client.get("/referrals").json()["items"][0]

    assert detail["amount"] == {"amount": "987654321.00", "currency": "CNY"}
    assert detail["signing_date"] == SIGNING_DAY.isoformat()
    assert detail["stage"]["code"] == "signed"
    assert listed == detail


# ---------------------------------------------------------------- the staff's view and rewards


def test_staff_see_full_referrals_with_the_reward_explained(world, network, api_as):
    reward_rule_create(
        zone=world.zone,
        name="2024 rule",
        valid_from=dt.date(2024, 1, 1),
        base="contracted",
        cap=Decimal("500000"),
        payable_after_arrival=False,
        bands=[{"lower": Decimal(0), "upper": None, "rate": Decimal("1"), "fixed": None}],
        by=world.director,
    )
    referral = refer(world, network["alice"], "Siemens AG")
    sign(world, negotiate(world, referral), contracted_amount=Decimal("100000000"))
    unrewarded = refer(world, network["bob"], "Trumpf SE")

    response = api_as(world.officer).get("/referrals")

    assert response.status_code == 200
    items = {item["id"]: item for item in response.json()["items"]}
    item = items[referral.pk]
    assert item["consultant"] == {"id": network["alice"].pk, "name": "Alice Becker"}
    assert item["company"]["id"] == referral.company_id
    assert item["project"]["id"] == referral.project_id
    assert item["status"]["code"] == "valid"
    assert item["total_investment"] == {"amount": "987654321.00", "currency": "CNY"}
    assert item["contracted_amount"] == {"amount": "100000000.00", "currency": "CNY"}
    reward = item["reward"]
    assert reward["rule"] == "2024 rule"
    assert reward["base_kind"]["code"] == "contracted"
    assert reward["computed"] == {"amount": "500000.00", "currency": "CNY"}
    assert reward["due"] == {"amount": "500000.00", "currency": "CNY"}
    assert reward["steps"][0] == "Rule: 2024 rule."
    assert any("Capped" in step for step in reward["steps"])
    # a lead with no contracted amount or investment is below nothing but earns nothing
    assert items[unrewarded.pk]["reward"]["due"]["amount"] == "0.00"
    assert api_as(world.officer).get(f"/referrals/{referral.pk}").json() == item


def test_an_officer_does_not_see_a_confidential_project_through_its_referral(
    world, network, api_as
):
    referral = refer(world, network["alice"], "Siemens AG")
    project = negotiate(world, referral)
    project.confidential = True
    project.owner = world.officer2
    project.save()

    hidden = api_as(world.officer).get(f"/referrals/{referral.pk}")
    shown = api_as(world.director).get(f"/referrals/{referral.pk}")

    assert hidden.status_code == shown.status_code == 200
    assert hidden.json()["project"] is None
    assert hidden.json()["total_investment"] is None
    assert not _mentions_secret(hidden)
    assert not _mentions_secret(api_as(world.officer).get("/referrals"))
    assert shown.json()["project"]["id"] == project.pk
    assert _mentions_secret(api_as(world.officer2).get(f"/referrals/{referral.pk}"))


def test_staff_filter_referrals_by_status_and_consultant(world, network, api_as):
    first = refer(world, network["alice"], "Siemens AG")
    conflict = refer(world, network["bob"], "Siemens AG")
    other = refer(world, network["bob"], "Trumpf SE")
    client = api_as(world.director)

    assert _ids(client.get("/referrals", status="conflict")) == [conflict.pk]
    assert set(_ids(client.get("/referrals", consultant=network["bob"].pk))) == {
        conflict.pk,
        other.pk,
    }
    assert first.pk in _ids(client.get("/referrals", status="valid"))


def test_the_ranking_lists_the_zones_consultants_best_first(world, network, api_as):
    referral = refer(world, network["bob"], "Siemens AG")
    sign(world, negotiate(world, referral))
    refer(world, network["alice"], "Trumpf SE")

    response = api_as(world.analyst).get("/consultants/ranking", start="2020-01-01")

    assert response.status_code == 200, response.content
    body = response.json()
    assert body["start"] == "2020-01-01"
    rows = body["rows"]
    assert [r["consultant"]["id"] for r in rows] == [network["bob"].pk, network["alice"].pk]
    assert rows[0]["signed"] == 1
    assert rows[0]["signed_value"] == {"amount": "987654321.00", "currency": "CNY"}
    assert rows[1]["referrals"] == 1


def test_a_ranking_that_ends_before_it_starts_is_refused(world, network, api_as):
    response = api_as(world.director).get(
        "/consultants/ranking", start="2024-02-01", end="2024-01-01"
    )

    error = assert_error(response, 422, "validation_failed")
    assert list(error["details"]["fields"]) == ["start"]


# ---------------------------------------------------------------- submitting a referral


def _referral_body(**fields):
    return {
        "company_name_en": "Siemens AG",
        "company_name_zh": "西门子",
        "country": "de",
        "website": "https://siemens.example",
        "idea": "A drive plant for the NEV chain.",
        "project_title_en": "Drive plant",
        "project_title_zh": "驱动工厂",
        **fields,
    }


def test_a_consultant_submits_a_referral_which_opens_a_lead(world, network, api_as):
    response = api_as(world.consultant).post("/referrals", _referral_body())

    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"]["code"] == "valid"
    assert body["project"] == "Drive plant"
    assert body["amount"] is None
    referral = Referral.objects.get(pk=body["id"])
    assert referral.consultant == network["alice"]
    assert referral.company.country.code == "DE"
    assert referral.company.name_zh_hans == "西门子"
    assert referral.project.source == Source.CONSULTANT
    assert referral.project.stage == Stage.LEAD
    assert referral.project.title_zh_hans == "驱动工厂"
    assert referral.idea == "A drive plant for the NEV chain."


def test_a_second_consultant_claiming_the_same_company_is_recorded_as_a_conflict(
    world, network, api_as
):
    api_as(world.consultant).post("/referrals", _referral_body())

    response = api_as(network["bob_user"]).post(
        "/referrals", _referral_body(company_name_en="SIEMENS AG", project_title_en="")
    )

    assert response.status_code == 201, response.content
    assert response.json()["status"]["code"] == "conflict"


def test_referring_the_same_company_twice_is_refused_with_already_referred(world, network, api_as):
    client = api_as(world.consultant)
    client.post("/referrals", _referral_body())

    response = client.post("/referrals", _referral_body())

    error = assert_error(response, 422, "already_referred")
    assert "company_name_en" in error["details"]["fields"]


def test_staff_submit_a_referral_in_a_consultants_name(world, network, api_as):
    client = api_as(world.officer)

    without = client.post("/referrals", _referral_body())
    foreign = client.post("/referrals", _referral_body(consultant=network["far"].pk))
    response = client.post("/referrals", _referral_body(consultant=network["bob"].pk))

    assert list(assert_error(without, 422, "validation_failed")["details"]["fields"]) == [
        "consultant"
    ]
    assert_error(foreign, 422, "validation_failed")
    assert response.status_code == 201, response.content
    assert response.json()["consultant"]["id"] == network["bob"].pk
    assert response.json()["project"]["id"] is not None


def test_a_consultant_may_refer_only_in_its_own_name(world, network, api_as):
    response = api_as(world.consultant).post(
        "/referrals", _referral_body(consultant=network["bob"].pk)
    )

    assert_error(response, 422, "validation_failed")
    assert not Referral.objects.exists()


def test_a_consultant_log_in_without_a_consultant_record_may_not_refer(world, api_as):
    response = api_as(world.consultant).post("/referrals", _referral_body())

    assert_error(response, 403, "no_consultant")


def test_a_referral_missing_its_company_is_refused_field_by_field(world, network, api_as):
    response = api_as(world.consultant).post("/referrals", {"country": "DEU"})

    error = assert_error(response, 422, "validation_failed")
    assert set(error["details"]["fields"]) == {"company_name_en", "country"}


@pytest.mark.parametrize("who", ["read_only", "analyst"])
def test_read_only_tokens_and_analysts_may_not_submit(world, network, api_as, who):
    client = (
        api_as(world.consultant, read_only=True) if who == "read_only" else api_as(world.analyst)
    )

    response = client.post("/referrals", _referral_body(consultant=network["alice"].pk))

    assert response.status_code == 403
    assert not Referral.objects.exists()


# ---------------------------------------------------------------- deciding a conflict


@pytest.fixture
def conflict(world, network):
    first = refer(world, network["alice"], "Siemens AG")
    second = refer(world, network["bob"], "Siemens AG")
    assert second.status == Referral.Status.CONFLICT
    return first, second


def test_a_director_resolves_a_conflict_for_the_later_claim(world, network, conflict, api_as):
    first, second = conflict

    response = api_as(world.director).post(
        f"/referrals/{second.pk}/resolve", {"note": "Bob met them first."}
    )

    assert response.status_code == 200, response.content
    body = response.json()
    assert body["status"]["code"] == "valid"
    assert body["resolved_by"]["username"] == "director"
    assert body["resolution_note"] == "Bob met them first."
    first.refresh_from_db()
    assert first.status == Referral.Status.REJECTED


@pytest.mark.parametrize("role", ["officer", "analyst", "consultant"])
def test_only_directors_resolve_conflicts(world, network, conflict, api_as, role):
    response = api_as(world.user(role)).post(f"/referrals/{conflict[1].pk}/resolve")

    assert response.status_code == 403
    conflict[1].refresh_from_db()
    assert conflict[1].status == Referral.Status.CONFLICT


def test_an_outsider_finds_nothing(world, network, conflict, api_as):
    client = api_as(world.outsider)
    first, second = conflict

    assert_error(client.get(f"/referrals/{first.pk}"), 404, "not_found")
    assert_error(client.post(f"/referrals/{second.pk}/resolve"), 404, "not_found")
    assert_error(client.get(f"/consultants/{network['alice'].pk}"), 404, "not_found")
    assert _ids(client.get("/referrals")) == []
    assert _ids(client.get("/consultants")) == [network["far"].pk]


# ---------------------------------------------------------------- query counts


def _many_referrals(world, network, n, start):
    for i in range(start, start + n):
        referral = refer(world, network["alice"], f"Company {i}", country="FR")
        if i % 3 == 0:
            negotiate(world, referral, amount=Decimal(1000 + i))


@pytest.mark.parametrize("who", ["consultant", "officer"])
def test_the_referral_list_runs_the_same_number_of_queries_for_3_or_15_rows(
    world, network, api_as, who
):
    reward_rule_create(
        zone=world.zone,
        name="Rule",
        valid_from=dt.date(2020, 1, 1),
        bands=[{"lower": Decimal(0), "upper": None, "rate": Decimal("1"), "fixed": None}],
        by=world.director,
    )
    client = api_as(world.user(who))
    client.get("/referrals")  # the token's first use records its last_used_at

    def queries_for_page() -> int:
        with CaptureQueriesContext(connection) as captured:
            response = client.get("/referrals", limit=100)
        assert response.status_code == 200
        return len(captured)

    _many_referrals(world, network, 3, 0)
    with_3 = queries_for_page()
    _many_referrals(world, network, 12, 3)
    with_15 = queries_for_page()

    assert client.get("/referrals", limit=100).json()["count"] == 15
    assert with_3 == with_15
    # the token, its user (with the zones), (the consultant record), the count, the page;
    # staff also: the projects they may see, the reward rule and its bands, the paid-in capital
    assert with_15 <= (5 if who == "consultant" else 8)


def test_the_consultant_list_runs_the_same_number_of_queries_for_3_or_15_rows(
    world, network, api_as
):
    client = api_as(world.director)
    client.get("/consultants")

    def queries_for_page() -> int:
        with CaptureQueriesContext(connection) as captured:
            response = client.get("/consultants", limit=100)
        assert response.status_code == 200
        return len(captured)

    def more(n):
        for i in range(n):
            c = consultant_create(
                zone=world.zone, name_en=f"Consultant {i}", by=None, chains=[world.chain]
            )
            appointment_create(consultant=c, batch_en="Batch", appointed_on=SIGNING_DAY, by=None)

    more(1)  # with Alice and Bob: 3
    with_3 = queries_for_page()
    more(12)
    with_15 = queries_for_page()

    assert client.get("/consultants").json()["count"] == 15
    assert with_3 == with_15
    # token, the caller's zones, the count, the page, the chains, the appointments
    assert with_15 <= 6
