"""The REST API at /api/v1/: one router per domain, one error shape, docs served offline.

The OpenAPI document is committed as tests/api/openapi.json; a test fails when it changes
without review (regenerate with `UPDATE_OPENAPI_SNAPSHOT=1 make test`).
"""

from typing import Any

from django.http import Http404, HttpRequest
from ninja import NinjaAPI, Router
from ninja.openapi.docs import Swagger
from ninja.operation import Operation

from zoneinvest.api import (
    activities,
    companies,
    consultants,
    contacts,
    events,
    insights,
    projects,
    public,
    tasks,
)
from zoneinvest.api.auth import token_auth, token_rate_limit
from zoneinvest.api.errors import install_error_handlers

DESCRIPTION = """\
The pipeline of a development zone's investment promotion bureau: companies, contacts, projects,
stage changes, paid-in capital, activities and tasks; campaigns, events, the signings recorded at
them and each event's report; the consultant network: consultants, referrals, rewards, ranking;
insights: industry chains and their map, the zone's indicators and shares of its city, the KPIs.

`/public/…` (published parks, policies and opportunities of the portal's zone) needs no token;
authenticate every other request with `Authorization: Bearer <token>`. Errors always have the shape
`{"error": {"code": ..., "message": ..., "details": {...}}}`: 401 without a valid token, 403 when
the token or the role may not do this, 404 for anything outside the caller's zones, 409 when the
`version` sent is stale, 422 when the data is refused (`details.fields` lists the fields).
Amounts are decimal strings with their currency.

A consultant's token reads only `/consultants` (its own record) and `/referrals` (its own, with an
amount only once the project is signed) and may submit referrals; the pipeline refuses it (403).
"""


class ZoneInvestAPI(NinjaAPI):
    def get_openapi_operation_id(self, operation: Operation) -> str:
        # Short, stable ids ("list_projects") for generated clients; view names are unique.
        return operation.view_func.__name__


api = ZoneInvestAPI(
    title="ZoneInvest API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api",
    auth=token_auth,
    # per token, API_RATE_LIMIT_PER_MINUTE requests a minute (429 with Retry-After past that)
    throttle=token_rate_limit,
    # Swagger UI from ninja's packaged static files (no CDN); no call to the online validator.
    docs=Swagger(settings={"validatorUrl": None}),
)
install_error_handlers(api)

api.add_router("/companies", companies.router)
api.add_router("/contacts", contacts.router)
api.add_router("/projects", projects.router)
api.add_router("/activities", activities.router)
api.add_router("/tasks", tasks.router)
api.add_router("/campaigns", events.campaigns)
api.add_router("/events", events.router)
api.add_router("/consultants", consultants.consultants)
api.add_router("/referrals", consultants.referrals)
api.add_router("/chains", insights.chains)
api.add_router("/indicators", insights.indicators)
api.add_router("/kpis", insights.kpi)
api.add_router("/public", public.router)

# Last: any other address under /api/v1/ is a 404 in the API's error shape, not an HTML page
# (after the token check, like every other operation).
fallback = Router()


@fallback.api_operation(
    ["GET", "POST", "PUT", "PATCH", "DELETE"], "/{path:path}", include_in_schema=False
)
def unknown_address(request: HttpRequest, path: str) -> Any:
    raise Http404


api.add_router("", fallback)
