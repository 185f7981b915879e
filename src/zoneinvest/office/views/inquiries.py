"""Portal inquiries with their response clock (an answer is due within two working days)."""

from django.http import HttpResponse
from django.shortcuts import render

from zoneinvest.office.access import AuthedRequest, pipeline_reader
from zoneinvest.portal.location import stored_profile_answers
from zoneinvest.portal.selectors import inquiry_clocks, inquiry_get


@pipeline_reader
def inquiry_list(request: AuthedRequest) -> HttpResponse:
    clocks = inquiry_clocks(user=request.user)
    overdue = sum(1 for clock in clocks if clock.overdue)
    return render(request, "office/inquiries/list.html", {"clocks": clocks, "overdue": overdue})


@pipeline_reader
def inquiry_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    """One inquiry: the message as written and, if it came from "Find your location", the
    investor's answers in words."""
    inquiry = inquiry_get(user=request.user, pk=pk)
    answers = stored_profile_answers(zone=inquiry.zone, data=inquiry.profile)
    return render(request, "office/inquiries/detail.html", {"inquiry": inquiry, "answers": answers})
