"""The dashboard, the chain map with its gaps and targets, and the zone's indicators."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories.pipeline import CompanyFactory, ProjectFactory
from zoneinvest.industries.services import link_create
from zoneinvest.pipeline.models import Project, Source
from zoneinvest.places.models import Indicator

PAGES = ["office:dashboard", "office:chain_list", "office:indicator_list"]


def _links(world):
    cells = link_create(
        chain=world.chain,
        code="cells",
        name_en="Battery cells",
        name_zh="动力电池",
        position="midstream",
        by=None,
    )
    lidar = link_create(
        chain=world.chain,
        code="lidar",
        name_en="Lidar sensors",
        name_zh="激光雷达",
        position="upstream",
        by=None,
    )
    return cells, lidar


@pytest.mark.parametrize("role", ["director", "officer", "analyst"])
@pytest.mark.parametrize("name", PAGES)
def test_the_pages_open_for_pipeline_readers(world, client_for, role, name):
    assert client_for(world.user(role)).get(reverse(name)).status_code == 200


@pytest.mark.parametrize("name", PAGES)
def test_a_consultant_does_not_find_the_pages(world, client_for, name):
    assert client_for(world.consultant).get(reverse(name)).status_code == 404


def test_an_outsider_does_not_find_another_zones_chain_or_link(world, client_for):
    cells, _ = _links(world)
    client = client_for(world.outsider)
    assert client.get(reverse("office:chain_detail", args=[world.chain.pk])).status_code == 404
    assert client.get(reverse("office:gap_targets", args=[cells.pk])).status_code == 404
    response = client.post(
        reverse("office:gap_target_assign", args=[cells.pk]),
        {"company": world.company.pk, "owner": world.outsider.pk},
    )
    assert response.status_code == 404


def test_dashboard_figures_link_to_the_records_behind_them(world, client_for):
    ProjectFactory(zone=world.zone, chain=world.chain, stage="signed", expected_jobs=120)
    response = client_for(world.director).get(reverse("office:dashboard"))
    html = response.content.decode()
    base = reverse("office:project_list")
    assert f'href="{base}?reached=lead"' in html
    assert f'href="{base}?reached=registered"' in html  # the fulfilment rate's records
    assert f'href="{base}?chain={world.chain.pk}"' in html
    assert "Contract fulfilment rate (履约率)" in html
    assert "<svg" in html
    assert "<title>" in html


def test_the_dashboard_speaks_chinese(world, client_for):
    html = client_for(world.director).get("/zh-hans/office/dashboard/").content.decode()
    assert "履约率" in html
    assert "开工率" in html
    assert "投产率" in html
    assert "资金到位率" in html
    assert "Contract fulfilment rate" not in html


def test_the_chain_map_shows_gaps_and_present_companies(world, client_for):
    cells, lidar = _links(world)
    catl = CompanyFactory(zone=world.zone, name_en="CATL Chongqing", link=cells)
    ProjectFactory(zone=world.zone, company=catl, chain=world.chain, link=cells, stage="operating")
    pipeline = ProjectFactory(
        zone=world.zone, chain=world.chain, link=lidar, stage="negotiating", title_en="Lidar plant"
    )
    response = client_for(world.officer).get(reverse("office:chain_detail", args=[world.chain.pk]))
    html = response.content.decode()
    assert "CATL Chongqing" in html
    assert "Gap" in html
    assert reverse("office:project_detail", args=[pipeline.pk]) in html
    assert reverse("office:gap_targets", args=[lidar.pk]) in html  # the gap
    assert reverse("office:gap_targets", args=[cells.pk]) not in html  # not a gap


def test_assigning_a_target_opens_a_lead_on_the_link(world, client_for):
    _, lidar = _links(world)
    target = CompanyFactory(
        zone=world.zone, name_en="Hesai Technology", link=lidar, fortune_global_500_rank=300
    )
    client = client_for(world.officer)
    page = client.get(reverse("office:gap_targets", args=[lidar.pk])).content.decode()
    assert "Hesai Technology" in page
    assert "300" in page
    response = client.post(
        reverse("office:gap_target_assign", args=[lidar.pk]),
        {"company": target.pk, "owner": world.officer2.pk},
    )
    project = Project.objects.get(company=target)
    assert response.status_code == 302
    assert response["Location"] == reverse("office:project_detail", args=[project.pk])
    assert project.source == Source.CHAIN_GAP
    assert project.link == lidar
    assert project.owner == world.officer2
    assert project.stage == "lead"


def test_an_analyst_cannot_assign_a_target(world, client_for):
    _, lidar = _links(world)
    target = CompanyFactory(zone=world.zone, link=lidar)
    response = client_for(world.analyst).post(
        reverse("office:gap_target_assign", args=[lidar.pk]),
        {"company": target.pk, "owner": world.officer.pk},
    )
    assert response.status_code == 403
    assert not Project.objects.filter(company=target).exists()


def _upload(client, text):
    return client.post(
        reverse("office:indicator_import"),
        {"file": SimpleUploadedFile("indicators.csv", text.encode(), content_type="text/csv")},
    )


def test_a_bad_csv_imports_nothing_and_names_each_bad_row(world, client_for):
    text = (
        "kind,area,year,value,unit,source\n"
        "economic_output,zone,2023,4200,100 million yuan,Statistics bureau\n"
        "nonsense,zone,2023,1,x,y\n"
        "economic_output,planet,20x3,-5,x,y\n"
    )
    response = _upload(client_for(world.officer), text)
    html = response.content.decode()
    assert response.status_code == 200
    assert Indicator.objects.count() == 0
    assert "row 3" in html
    assert "row 4" in html
    assert "unknown indicator" in html
    assert "year is not a number" in html


def test_a_good_csv_imports_and_shows_the_share(world, client_for):
    text = (
        "kind,area,year,value,unit,source\n"
        "economic_output,zone,2023,4200,100 million yuan,Statistics bureau\n"
        "economic_output,city,2023,30000,100 million yuan,Statistics bureau\n"
    )
    client = client_for(world.officer)
    response = _upload(client, text)
    assert response.status_code == 302
    assert Indicator.objects.filter(zone=world.zone).count() == 2
    html = client.get(response["Location"]).content.decode()
    assert "14.0 %" in html
    assert "4,200" in html
    assert "30,000" in html


def _queries(client):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("office:dashboard"))
    assert response.status_code == 200
    return len(captured)


def test_the_dashboard_query_count_does_not_grow_with_the_pipeline(world, client_for):
    client = client_for(world.director)

    def add(count):
        for i in range(count):
            ProjectFactory(
                zone=world.zone,
                chain=world.chain,
                stage=["signed", "registered", "operating", "lead"][i % 4],
                total_investment=Decimal(1_000_000 * (i + 1)),
                expected_jobs=10,
            )

    add(5)
    few = _queries(client)
    add(20)
    assert _queries(client) == few
