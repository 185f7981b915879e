"""The API's JSON (api/render.py): written by orjson, read back as `json` with ninja's encoder
would have written it."""

import datetime as dt
import json
import uuid
from decimal import Decimal

import pytest
from django.utils.translation import gettext_lazy
from ninja import Schema
from ninja.responses import NinjaJSONEncoder

from zoneinvest.accounts.models import ApiToken
from zoneinvest.accounts.services import token_create
from zoneinvest.api.render import DatetimeText, dumps
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


def test_the_database_writes_a_datetime_as_the_api_does(world):
    token, _plain = token_create(user=world.officer, name="moments", read_only=True)
    tokens = ApiToken.objects.filter(pk=token.pk)
    moments = [
        dt.datetime(2026, 11, 29, 8, 30, 1, tzinfo=dt.UTC),
        dt.datetime(2026, 11, 29, 8, 30, 1, 5, tzinfo=dt.UTC),
        dt.datetime(2026, 11, 29, 8, 30, 1, 999999, tzinfo=dt.UTC),
        dt.datetime(2026, 1, 1, 23, 59, 59, 500000, tzinfo=dt.timezone(dt.timedelta(hours=8))),
        dt.datetime(1999, 3, 4, 5, 6, 7, 1000, tzinfo=dt.UTC),
        None,
    ]
    for moment in moments:
        tokens.update(revoked_at=moment)
        text, read = tokens.values_list(DatetimeText("revoked_at"), "revoked_at")[0]
        assert read == moment
        assert text == json.loads(json.dumps(read, cls=NinjaJSONEncoder)), moment
    with pytest.raises(ValueError, match="reads a column"):
        list(tokens.values_list(DatetimeText(dt.datetime.now(dt.UTC)), flat=True))
