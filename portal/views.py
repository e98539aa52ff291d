"""The home page."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from lots import selectors


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/home.html", {"calls": selectors.calls_with_lots()})
