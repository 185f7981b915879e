"""Portal inquiries with their response clock (an answer is due within two working days)."""

from django.http import HttpResponse
from django.shortcuts import render

from zoneinvest.office.access import AuthedRequest, pipeline_reader
from zoneinvest.portal.selectors import inquiry_clocks


@pipeline_reader
def inquiry_list(request: AuthedRequest) -> HttpResponse:
    clocks = inquiry_clocks(user=request.user)
    overdue = sum(1 for clock in clocks if clock.overdue)
    return render(request, "office/inquiries/list.html", {"clocks": clocks, "overdue": overdue})
