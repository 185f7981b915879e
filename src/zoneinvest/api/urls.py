"""The REST API at /api/v1/: one router per domain, one error shape, docs served offline.

The OpenAPI document is committed as tests/api/openapi.json; a test fails when it changes
without review (regenerate with `UPDATE_OPENAPI_SNAPSHOT=1 make test`).
"""

from typing import Any

from django.http import Http404, HttpRequest
from ninja import NinjaAPI, Router
from ninja.errors import ValidationError, ValidationErrorContext
from ninja.openapi.docs import Swagger
from ninja.operation import Operation

from zoneinvest.api import (
    activities,
    companies,
    consultants,
    contacts,
    content,
    events,
    inquiries,
    insights,
    jobs,
    matching,
    places,
    projects,
    public,
    search,
    tasks,
)
from zoneinvest.api.auth import token_auth, token_rate_limit
from zoneinvest.api.errors import install_error_handlers, request_validation_error
from zoneinvest.api.render import JSONRenderer
from zoneinvest.api.strict import refuse_unknown_query_parameters

DESCRIPTION = """\
The pipeline of a development zone's investment promotion bureau: companies, contacts, projects,
stage changes, paid-in capital, activities and tasks; campaigns, events, the signings recorded at
them and each event's report; the consultant network: consultants, referrals, rewards, ranking;
insights: industry chains and their map, the zone's indicators and shares of its city, the KPIs;
the inquiries the portal sends (each opened a lead; answered through it); the portal's records
for the bureau: parks, policies, opportunities and the investor's guide (read, drafts included),
its pages and stories (written, edited and published by its editors, directors and admins);
the background jobs (imports, large exports) with their progress (read-only); and matching
(`/match/…`): an investor's profile against the zone's parks, opportunities and policies, and the
companies that could fill a chain gap, each result with the reasons that raised or lowered it.

`/public/…` (published parks, policies and opportunities of the portal's zone) needs no token;
authenticate every other request with `Authorization: Bearer <token>`. Errors always have the shape
`{"error": {"code": ..., "message": ..., "details": {...}}}`: 401 without a valid token, 403 when
the token or the role may not do this, 404 for anything outside the caller's zones, 409 when the
`version` sent is stale, 422 when the data is refused (`details.fields` lists the fields).
Amounts are decimal strings with their currency.

Requests are read strictly: a query parameter an address does not document (a misspelt filter)
is a 422, not ignored; so is a body field it does not document, a boolean sent as 0 or "true",
or an id sent as "7" or true (7.0 is a whole number, 7.5 is not). The list filters have the names
of the office's filters.

A consultant's token reads only `/consultants` (its own record) and `/referrals` (its own, with an
amount only once the project is signed) and may submit referrals; the pipeline refuses it (404).
A portal editor's token reads the portal's records and writes its pages and stories; the bureau's
other staff may not touch pages and stories (403). An import job is seen by the pipeline's
writers of its zone, an export job only by whoever started it.
"""


class ZoneInvestAPI(NinjaAPI):
    def get_openapi_operation_id(self, operation: Operation) -> str:
        # Short, stable ids ("list_projects") for generated clients; view names are unique.
        return operation.view_func.__name__

    def validation_error_from_error_contexts(
        self, error_contexts: list[ValidationErrorContext]
    ) -> ValidationError:
        return request_validation_error(error_contexts)


api = ZoneInvestAPI(
    title="ZoneInvest API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api",
    renderer=JSONRenderer(),
    auth=token_auth,
    # per token, API_RATE_LIMIT_PER_MINUTE requests a minute (429 with Retry-After past that)
    throttle=token_rate_limit,
    # Swagger UI from ninja's packaged static files (no CDN); no call to the online validator.
    docs=Swagger(settings={"validatorUrl": None}),
)
install_error_handlers(api)
# Unknown query parameters are a 422 (api/strict.py), on every operation of the document.
api.add_decorator(refuse_unknown_query_parameters)

api.add_router("/companies", companies.router)
api.add_router("/contacts", contacts.router)
api.add_router("/projects", projects.router)
api.add_router("/board", projects.board)
api.add_router("/activities", activities.router)
api.add_router("/tasks", tasks.router)
api.add_router("/campaigns", events.campaigns)
api.add_router("/events", events.router)
api.add_router("/consultants", consultants.consultants)
api.add_router("/referrals", consultants.referrals)
api.add_router("/chains", insights.chains)
api.add_router("/indicators", insights.indicators)
api.add_router("/kpis", insights.kpi)
api.add_router("/inquiries", inquiries.router)
api.add_router("/parks", places.parks)
api.add_router("/policies", places.policies)
api.add_router("/opportunities", places.opportunities)
api.add_router("/guide-steps", places.guide)
api.add_router("/pages", content.pages)
api.add_router("/stories", content.stories)
api.add_router("/jobs", jobs.router)
api.add_router("/match", matching.router)
api.add_router("/public", public.router)
api.add_router("/search", search.router)

# Last: any other address under /api/v1/ is a 404 in the API's error shape, not an HTML page
# (after the token check, like every other operation).
fallback = Router()


@fallback.api_operation(
    ["GET", "POST", "PUT", "PATCH", "DELETE"], "/{path:path}", include_in_schema=False
)
def unknown_address(request: HttpRequest, path: str) -> Any:
    raise Http404


api.add_router("", fallback)
