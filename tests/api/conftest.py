"""API fixtures: bearer tokens for the world's personas and clients that send them."""

import pytest
from django.test import Client

from tests.api.helpers import ApiClient
from zoneinvest.accounts.models import User
from zoneinvest.accounts.services import token_create


@pytest.fixture
def token_for(db):
    """token_for(user, read_only=False) → the plain bearer token of a new API token."""

    def make(user: User, *, read_only: bool = False) -> str:
        _, plain = token_create(user=user, name="tests", read_only=read_only)
        return plain

    return make


@pytest.fixture
def api_as(token_for):
    """api_as(user, read_only=False) → an ApiClient authenticated as that user."""

    def make(user: User, *, read_only: bool = False) -> ApiClient:
        return ApiClient(Client(), token_for(user, read_only=read_only))

    return make


@pytest.fixture
def anonymous() -> ApiClient:
    return ApiClient(Client(), None)
