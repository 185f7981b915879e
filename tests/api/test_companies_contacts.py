"""Companies and their contacts through the API."""

from tests.api.helpers import assert_error
from tests.factories.pipeline import CompanyFactory, ContactFactory


def test_a_company_is_read_with_its_zone_chain_and_version(world, api_as):
    response = api_as(world.officer).get(f"/companies/{world.company.pk}")

    assert response.status_code == 200
    body = response.json()
    assert body["name"] == "Bosch GmbH"
    assert (body["country"], body["country_name"]) == ("DE", "Germany")
    assert body["chain"]["code"] == "nev"
    assert body["version"] == 1


def test_a_duplicate_company_is_refused_with_422(world, api_as):
    response = api_as(world.officer).post(
        "/companies", {"name_en": "BOSCH g.m.b.h.", "country": "DE"}
    )

    error = assert_error(response, 422, "duplicate_company")
    assert error["details"]["existing_id"] == world.company.pk


def test_a_company_is_updated_with_its_version_and_a_stale_one_gets_409(world, api_as):
    client = api_as(world.officer)
    path = f"/companies/{world.company.pk}"

    updated = client.patch(path, {"version": 1, "hq_city": "Stuttgart", "ownership": "foreign"})
    stale = client.patch(path, {"version": 1, "hq_city": "Gerlingen"})

    assert updated.status_code == 200, updated.content
    assert updated.json()["hq_city"] == "Stuttgart"
    assert updated.json()["ownership"] == {"code": "foreign", "label": "Foreign-invested"}
    assert updated.json()["version"] == 2
    assert_error(stale, 409, "conflict")


def test_an_unknown_country_is_refused_with_422(world, api_as):
    response = api_as(world.officer).post("/companies", {"name_en": "Nowhere Inc", "country": "QQ"})

    error = assert_error(response, 422, "validation_failed")
    assert "country" in error["details"]["fields"]


def test_an_outsider_gets_404_for_a_company_of_another_zone(world, api_as):
    client = api_as(world.outsider)

    assert_error(client.get(f"/companies/{world.company.pk}"), 404, "not_found")
    response = client.patch(f"/companies/{world.company.pk}", {"version": 1, "hq_city": "X"})
    assert_error(response, 404, "not_found")
    assert client.get("/companies").json()["count"] == 0


def test_contacts_are_created_listed_by_company_and_updated(world, api_as):
    client = api_as(world.officer)
    other = CompanyFactory(zone=world.zone)
    ContactFactory(company=other, name="Someone else")

    created = client.post(
        "/contacts", {"company": world.company.pk, "name": "Li Wei", "email": "li@bosch.example"}
    )
    listed = client.get("/contacts", company=world.company.pk).json()
    updated = client.patch(f"/contacts/{created.json()['id']}", {"version": 1, "title": "CFO"})

    assert created.status_code == 201, created.content
    assert [c["name"] for c in listed["items"]] == ["Li Wei"]
    assert updated.json()["title"] == "CFO"
    assert updated.json()["version"] == 2
    stale = client.patch(f"/contacts/{created.json()['id']}", {"version": 1, "title": "CEO"})
    assert_error(stale, 409, "conflict")


def test_a_contact_with_a_bad_email_is_refused_with_the_field(world, api_as):
    response = api_as(world.officer).post(
        "/contacts", {"company": world.company.pk, "name": "Li Wei", "email": "not an email"}
    )

    assert list(assert_error(response, 422, "validation_failed")["details"]["fields"]) == ["email"]


def test_an_outsider_can_neither_read_nor_add_contacts_of_another_zone(world, api_as):
    contact = ContactFactory(company=world.company)
    client = api_as(world.outsider)

    assert_error(client.get(f"/contacts/{contact.pk}"), 404, "not_found")
    response = client.post("/contacts", {"company": world.company.pk, "name": "Spy"})
    assert assert_error(response, 422, "validation_failed")["details"]["fields"] == {
        "company": ["Not found."]
    }
