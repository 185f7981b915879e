import pytest
from django.urls import reverse


@pytest.mark.parametrize(
    "name", ["project_list", "board", "company_list", "my_tasks", "project_new", "company_new"]
)
def test_pages_render(world, client_for, name):
    c = client_for(world.director)
    r = c.get(reverse(f"office:{name}"))
    assert r.status_code == 200, r.content[:3000]


def test_detail_pages_render(world, client_for):
    c = client_for(world.officer)
    for url in [
        reverse("office:project_detail", args=[world.project.pk]),
        reverse("office:company_detail", args=[world.company.pk]),
        reverse("office:project_edit", args=[world.project.pk]),
        reverse("office:project_stage", args=[world.project.pk]) + "?to=qualified",
    ]:
        r = c.get(url)
        assert r.status_code == 200, r.content[:3000]
