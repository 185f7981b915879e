"""A small JSON client for the API and an assertion for its one error shape."""

from dataclasses import dataclass
from typing import Any

from django.http import HttpResponse
from django.test import Client

API = "/api/v1"


@dataclass
class ApiClient:
    """A test client that sends one bearer token with every request."""

    client: Client
    token: str | None

    def _headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"} if self.token else {}

    def get(self, path: str, **params: Any) -> HttpResponse:
        return self.client.get(API + path, params, headers=self._headers())

    def post(self, path: str, body: Any = None) -> HttpResponse:
        return self.client.post(
            API + path, body or {}, content_type="application/json", headers=self._headers()
        )

    def patch(self, path: str, body: Any) -> HttpResponse:
        return self.client.patch(
            API + path, body, content_type="application/json", headers=self._headers()
        )

    def delete(self, path: str) -> HttpResponse:
        return self.client.delete(API + path, headers=self._headers())


def assert_error(response: HttpResponse, status: int, code: str) -> dict[str, Any]:
    """The response is an error of this status and code, in the one error shape."""
    assert response.status_code == status, response.content
    body = response.json()
    assert set(body) == {"error"}
    assert set(body["error"]) == {"code", "message", "details"}
    assert body["error"]["code"] == code
    assert body["error"]["message"]
    assert isinstance(body["error"]["details"], dict)
    return body["error"]
