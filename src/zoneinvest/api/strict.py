"""Every operation takes only the query parameters it documents: an unknown one is a 422.

A misspelt filter (`?stge=lead`) or a filter an address does not have (`?bogus=1`) would
otherwise be ignored, and the caller would read the unfiltered list as the answer to its
question. The values of the known parameters are checked by their schemas first (ninja), so a
request with both a bad value and an unknown name is answered with the bad value; once it is
corrected, with the unknown name.
"""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpRequest
from ninja.errors import ValidationError
from ninja.params.models import QueryModel


def query_names(view_func: Callable[..., Any]) -> frozenset[str] | None:
    """The query parameters the operation of `view_func` declares; None when the operation is
    not part of the API's document (the fallback for unknown addresses)."""
    operation = getattr(view_func, "_ninja_operation", None)
    if operation is None or not operation.include_in_schema:
        return None
    names: set[str] = set()
    for model in operation.models:
        if isinstance(model, type) and issubclass(model, QueryModel):
            flattened = getattr(model, "__ninja_flatten_map__", None)
            names.update(flattened or (f.alias or n for n, f in model.model_fields.items()))
    return frozenset(names)


def refuse_unknown_query_parameters(view_func: Callable[..., Any]) -> Callable[..., Any]:
    """An operation decorator (`api.add_decorator`, after authentication and validation)."""
    allowed = query_names(view_func)
    if allowed is None:
        return view_func

    @wraps(view_func)
    def strict(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        unknown = sorted(set(request.GET) - allowed)
        if unknown:
            raise ValidationError(
                [{"type": "extra_forbidden", "loc": ("query", name)} for name in unknown]
            )
        return view_func(request, *args, **kwargs)

    return strict
