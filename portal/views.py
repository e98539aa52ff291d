"""The home page: the calls and their lots for visitors; signed-in users go to their proposals."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from lots import selectors


def home(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("consortia:dashboard")
    return render(request, "portal/home.html", {"calls": selectors.calls_with_lots()})
