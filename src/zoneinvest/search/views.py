"""The office's search page (GET /office/search/?q=): results grouped by kind."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from zoneinvest.accounts.models import User
from zoneinvest.search.models import SearchKind
from zoneinvest.search.selectors import group_by_kind, search, user_can_search

MAX_QUERY_CHARS = 200


@login_required
def office_search(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    if not user_can_search(user=user):
        raise Http404  # consultants: the bureau's pages do not exist for them
    q = request.GET.get("q", "").strip()[:MAX_QUERY_CHARS]
    kind = request.GET.get("kind", "")
    kinds = [kind] if kind in SearchKind.values else None
    entries = search(user=user, q=q, kinds=kinds) if q else []
    return render(
        request,
        "search/office_results.html",
        {
            "q": q,
            "kind": kind if kinds else "",
            "kinds": SearchKind.choices,
            "groups": group_by_kind(entries),
        },
    )
