"""A read compiled once for its shape gives, call after call, what the ORM gives."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import translation

from tests.factories.pipeline import ProjectFactory
from zoneinvest.core import shapes
from zoneinvest.core.shapes import forget_shapes, shaped_rows
from zoneinvest.pipeline.models import Project
from zoneinvest.pipeline.stages import Stage

FIELDS = ("id", "title_en", "stage", "total_investment", "zone__code", "updated_at")


def _build(values):
    projects = Project.objects.filter(zone_id__in=values["zones"], stage=values["stage"])
    if "min" in values:
        projects = projects.filter(total_investment__gte=values["min"])
    return projects.order_by("-total_investment", "id").values(*FIELDS)[:5]


def _read(zones, stage, minimum=None):
    values = {"zones": tuple(zones), "stage": stage}
    if minimum is not None:
        values["min"] = minimum
    shape = ("test", minimum is not None)
    return shaped_rows(shape=shape, values=values, build=_build)


@pytest.fixture
def projects(world):
    forget_shapes()
    for n, stage in enumerate([Stage.LEAD, Stage.SIGNED] * 4):
        ProjectFactory(zone=world.zone, stage=stage, total_investment=Decimal(n * 10_000_000))
    for stage in (Stage.LEAD, Stage.SIGNED):
        ProjectFactory(zone=world.other_zone, stage=stage, total_investment=Decimal(7))
    yield world
    forget_shapes()


def test_each_call_of_a_kept_shape_reads_what_the_orm_reads(projects):
    zone, other = projects.zone.pk, projects.other_zone.pk
    compiled = shapes.stats["compiled"]
    for zones, stage, minimum in [
        ((zone,), "lead", Decimal(0)),
        ((zone,), "signed", Decimal(25_000_000)),
        ((other,), "lead", Decimal(5)),
        ((zone, other), "signed", Decimal(6)),
        ((other, zone), "lead", Decimal("20000000.5")),
    ]:
        expected = list(_build({"zones": zones, "stage": stage, "min": minimum}))
        assert _read(zones, stage, minimum) == expected
        assert expected  # each case reads some projects
    # One shape per number of zones; the other calls sent the kept SQL.
    assert shapes.stats["compiled"] == compiled + 2


def test_a_kept_shape_is_sent_in_one_query_with_no_compiling(projects, django_assert_num_queries):
    _read([projects.zone.pk], "lead", Decimal(0))
    compiled = shapes.stats["compiled"]
    with django_assert_num_queries(1):
        rows = _read([projects.zone.pk], "signed", Decimal(1))
    assert shapes.stats["compiled"] == compiled
    assert [row["stage"] for row in rows] == ["signed"] * 4


def test_rows_are_converted_as_the_orm_converts_them(projects):
    row = _read([projects.zone.pk], "signed", Decimal(0))[0]
    expected = _build({"zones": (projects.zone.pk,), "stage": "signed", "min": Decimal(0)})[0]
    assert row == expected
    assert {k: type(v) for k, v in row.items()} == {k: type(v) for k, v in expected.items()}


def test_a_value_the_orm_rewrites_is_never_kept(projects):
    def build(values):
        return Project.objects.filter(title_en__icontains=values["text"]).values("id")

    unkept = shapes.stats["unkept"]
    for text in ("Project", "nothing like it"):
        rows = shaped_rows(shape="icontains", values={"text": text}, build=build)
        assert rows == list(build({"text": text}))
    assert shapes.stats["unkept"] == unkept + 1  # found out once, then compiled each time


def test_a_value_written_into_the_sql_s_text_is_never_kept(projects):
    def build(values):  # the value is written into the SQL (LIMIT n): not a shape's value
        return Project.objects.filter(Q(pk=values["n"])).values("id")[: abs(values["n"])]

    unkept = shapes.stats["unkept"]
    rows = shaped_rows(shape="sliced", values={"n": projects.project.pk}, build=build)
    assert rows == [{"id": projects.project.pk}]
    assert shapes.stats["unkept"] == unkept + 1


def test_a_build_the_markers_upset_is_answered_by_the_orm(projects):
    def build(values):  # a marker (negative) cannot slice: the real value can
        return Project.objects.filter(pk=projects.project.pk).values("id")[: values["n"]]

    unkept = shapes.stats["unkept"]
    assert shaped_rows(shape="slice", values={"n": 1}, build=build) == [{"id": projects.project.pk}]
    assert shapes.stats["unkept"] == unkept + 1


def test_no_zones_reads_nothing_without_sql(projects, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert _read([], "lead", Decimal(0)) == []


def test_a_decimal_the_orm_refuses_is_refused_as_before(projects):
    with pytest.raises(ValidationError):
        _read([projects.zone.pk], "lead", Decimal("NaN"))


def test_a_text_subclass_is_sent_as_its_text(projects):
    assert _read([projects.zone.pk], Stage.SIGNED) == _read([projects.zone.pk], "signed")
    assert len(_read([projects.zone.pk], Stage.SIGNED)) == 4


def test_a_value_no_marker_stands_for_is_answered_by_the_orm(projects):
    """A flag or a datetime cannot be proven a parameter: never kept, still answered."""

    def build(values):
        return Project.objects.filter(confidential=values["flag"]).values("id")

    unkept = shapes.stats["unkept"]
    for flag in (True, False):
        rows = shaped_rows(shape="flag", values={"flag": flag}, build=build)
        assert rows == list(build({"flag": flag}))
    assert shaped_rows(shape="flag", values={"flag": False}, build=build)  # the projects
    assert shapes.stats["unkept"] == unkept + 1


def test_each_language_has_its_own_shape(projects):
    """modeltranslation orders by the language's column: the SQL differs by language."""

    def build(values):
        return Project.objects.filter(zone_id=values["zone"]).order_by("title").values("id")

    zone = projects.zone.pk
    compiled = shapes.stats["compiled"]
    for language in ("en", "zh-hans", "en"):
        with translation.override(language):
            rows = shaped_rows(shape="by-title", values={"zone": zone}, build=build)
            assert rows == list(build({"zone": zone}))
    assert shapes.stats["compiled"] == compiled + 2


def test_no_more_than_the_kept_number_of_shapes_are_kept(projects, monkeypatch):
    monkeypatch.setattr(shapes, "KEPT_SHAPES", 3)
    for n in range(6):
        _read([projects.zone.pk] * (n + 1), "lead", Decimal(0))
    assert len(shapes._kept) == 3


@pytest.mark.parametrize("lookup", ["title_en__icontains", "title_en__gt"])
def test_a_page_is_the_orm_s_slice_kept_or_not(projects, lookup):
    """`icontains` is never kept (the ORM wraps the value), `gt` is: both page alike."""

    def build(values):
        return Project.objects.filter(**{lookup: values["text"]}).order_by("-id").values("id")

    everything = [row["id"] for row in build({"text": "P"})]
    assert len(everything) > 9
    for offset, limit in ((0, 3), (3, 3), (9, 50)):
        rows = shaped_rows(shape=lookup, values={"text": "P"}, build=build, page=(offset, limit))
        assert [row["id"] for row in rows] == everything[offset : offset + limit]


def test_a_date_is_a_value_and_each_day_reads_its_own_rows(projects):
    days = [dt.date(2023, 5, 18) + dt.timedelta(days=n) for n in range(4)]
    for day in days:
        ProjectFactory(zone=projects.zone, signing_date=day)

    def build(values):
        signed = Project.objects.filter(signing_date__lte=values["day"])
        return signed.order_by("signing_date", "id").values("id", "signing_date")

    for day in (*days, dt.date(2000, 1, 1)):
        assert shaped_rows(shape="signed by", values={"day": day}, build=build) == list(
            build({"day": day})
        )
    assert len(shaped_rows(shape="signed by", values={"day": days[1]}, build=build)) == 2
