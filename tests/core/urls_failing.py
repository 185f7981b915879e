"""The project's URLs plus one view that fails (tests/core/test_logging.py)."""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from zoneinvest.urls import urlpatterns as project_urlpatterns


def failing_view(request: HttpRequest) -> HttpResponse:
    """Fails the way careless code does: with the request's secrets in the error's message."""
    password = request.POST.get("password", "")
    authorization = request.headers.get("Authorization", "")
    raise RuntimeError(
        f"could not go on: password={password} authorization: {authorization} "
        f"cookies {request.COOKIES}"
    )


urlpatterns = [path("failing/", failing_view), *project_urlpatterns]
