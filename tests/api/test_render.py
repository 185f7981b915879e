"""The API's JSON (api/render.py): written by orjson, read back as `json` with ninja's encoder
would have written it."""

import datetime as dt
import json
import uuid
from decimal import Decimal

from django.utils.translation import gettext_lazy
from ninja import Schema
from ninja.responses import NinjaJSONEncoder

from zoneinvest.api.render import dumps
from zoneinvest.pipeline.stages import Stage


class Ref(Schema):
    id: int
    name: str


def test_documents_read_as_ninja_would_write_them():
    data = {
        "at": dt.datetime(2026, 11, 29, 8, 30, 1, 123456, tzinfo=dt.UTC),
        "day": dt.date(2026, 11, 29),
        "time": dt.time(8, 30, 1, 500000),
        "amount": Decimal("30100000000.00"),
        "label": gettext_lazy("Lead"),
        "stage": Stage.SIGNED,
        "ref": Ref(id=7, name="两江新区"),
        "id": uuid.UUID(int=5),
        7: ["a", 1.5, None, True],
    }
    written = dumps(data)
    assert json.loads(written) == json.loads(json.dumps(data, cls=NinjaJSONEncoder))
    assert json.loads(written)["at"] == "2026-11-29T08:30:01.123Z"
    assert "两江新区".encode() in written  # UTF-8, not \\u escapes


def test_the_api_answers_with_it(world, api_as):
    response = api_as(world.director).get(f"/projects/{world.project.pk}")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["id"] == world.project.pk


def test_every_form_of_datetime_is_written_as_djangos_encoder_writes_it():
    shanghai = dt.timezone(dt.timedelta(hours=8))
    moments = [
        dt.datetime(2026, 11, 29, 8, 30, 1, tzinfo=dt.UTC),  # no fraction
        dt.datetime(2026, 11, 29, 8, 30, 1, 5, tzinfo=dt.UTC),  # a microsecond
        dt.datetime(2026, 11, 29, 8, 30, 1, 999999, tzinfo=shanghai),  # not UTC
        dt.datetime(2026, 11, 29, 8, 30, 1, 250000),  # noqa: DTZ001 - naive, written too
        dt.date(1, 1, 1),
    ]
    written = json.loads(dumps(moments))
    assert written == json.loads(json.dumps(moments, cls=NinjaJSONEncoder))
    assert written[2] == "2026-11-29T08:30:01.999+08:00"
