from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render

from zoneinvest.accounts.selectors import user_can_read_pipeline
from zoneinvest.office.access import AuthedRequest


@login_required
def home(request: AuthedRequest) -> HttpResponse:
    """Pipeline people start at their projects; consultants at their own welcome page."""
    if user_can_read_pipeline(user=request.user):
        return redirect("office:project_list")
    return render(request, "office/home_consultant.html")
