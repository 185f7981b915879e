from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render

from zoneinvest.accounts.selectors import user_can_read_pipeline
from zoneinvest.consultants.selectors import consultant_of
from zoneinvest.office.access import AuthedRequest
from zoneinvest.portal.selectors import user_can_edit_portal


@login_required
def home(request: AuthedRequest) -> HttpResponse:
    """Pipeline people start at their projects; consultants at their referrals (or, before the
    bureau links their log-in to a consultant record, at a welcome page that says so)."""
    if user_can_read_pipeline(user=request.user):
        return redirect("office:project_list")
    if user_can_edit_portal(user=request.user):
        return redirect("office:content_list")
    if consultant_of(user=request.user) is not None:
        return redirect("office:my_referrals")
    return render(request, "office/home_consultant.html")
