"""The OpenAPI document is reviewed like code, and the docs page works without the internet."""

import difflib
import json
import os
import re
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.test import Client

SNAPSHOT = Path(__file__).with_name("openapi.json")
REGENERATE = (
    "UPDATE_OPENAPI_SNAPSHOT=1 make test PYTEST_ARGS=tests/api/test_openapi.py "
    "(or UPDATE_OPENAPI_SNAPSHOT=1 .venv/bin/pytest tests/api/test_openapi.py)"
)


def _current_schema() -> str:
    response = Client().get("/api/v1/openapi.json")
    assert response.status_code == 200
    return json.dumps(response.json(), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def test_the_openapi_document_matches_the_committed_snapshot():
    current = _current_schema()
    if os.environ.get("UPDATE_OPENAPI_SNAPSHOT"):
        SNAPSHOT.write_text(current, encoding="utf-8")
    committed = SNAPSHOT.read_text(encoding="utf-8") if SNAPSHOT.exists() else ""

    if committed != current:
        diff = "".join(
            list(
                difflib.unified_diff(
                    committed.splitlines(keepends=True),
                    current.splitlines(keepends=True),
                    "tests/api/openapi.json (committed)",
                    "/api/v1/openapi.json (generated)",
                )
            )[:60]
        )
        pytest.fail(
            "The API's OpenAPI document differs from tests/api/openapi.json. If the change is "
            f"intended, regenerate the snapshot with `{REGENERATE}` and commit it.\n{diff}",
            pytrace=False,
        )


def test_every_operation_declares_the_error_shape():
    schema = json.loads(_current_schema())

    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            public = path.startswith("/api/v1/public/")
            for status in ("404", "422") if public else ("401", "403", "404", "422"):
                ref = operation["responses"][status]["content"]["application/json"]["schema"]
                assert ref == {"$ref": "#/components/schemas/ErrorOut"}, (method, path, status)
            if public:  # the portal's published data: no token
                assert "security" not in operation, (method, path)
            else:
                assert operation["security"] == [{"BearerToken": []}], (method, path)


def test_the_docs_page_loads_its_scripts_and_styles_from_this_server_only(db):
    client = Client()
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    html = response.content.decode()

    assets = re.findall(r"<(?:script|link)\b[^>]*\b(?:src|href)=\"([^\"]+)\"", html)
    assert any(a.endswith("swagger-ui-bundle.js") for a in assets)
    assert any(a.endswith("swagger-ui.css") for a in assets)
    assert not re.search(r"(?:https?:)?//[\w.-]+\.\w+/", html), "an external URL in the docs page"
    for asset in assets:
        assert asset.startswith("/static/"), asset
        assert finders.find(asset.removeprefix("/static/")), f"{asset} is not a static file"
        served = client.get(asset)
        assert served.status_code == 200, asset
        served.close()
