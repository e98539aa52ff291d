"""A test URLconf: the portal's URLs plus views that fail in each way the error pages meet."""

from django.core.exceptions import PermissionDenied
from django.urls import include, path

from consortia.exceptions import Conflict


def broken(request):
    raise RuntimeError("a bug no view expected")


def conflicting(request):
    raise Conflict()


def forbidden(request):
    raise PermissionDenied("not for you")


urlpatterns = [
    path("broken/", broken),
    path("conflicting/", conflicting),
    path("forbidden/", forbidden),
    path("", include("portal.urls")),
]
