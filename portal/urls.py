"""The portal's URLs."""

from django.contrib import admin
from django.urls import include, path

from portal import views
from portal.api import api
from portal.metrics import views as metrics_views

urlpatterns = [
    path("", views.home, name="home"),
    path("health/", views.health, name="health"),
    path("ready/", views.ready, name="ready"),
    # No trailing slash: with one, APPEND_SLASH would redirect /metrics for anyone, giving the
    # endpoint away (portal/metrics/views.py answers 404 without the token).
    path("metrics", metrics_views.metrics, name="metrics"),
    path("favicon.ico", views.favicon),
    path("", include("consortia.urls")),
    path("accounts/", include("allauth.urls")),
    # Django's set_language, which also saves a signed-in user's choice (before the include,
    # which names the same URL).
    path("i18n/setlang/", views.set_language, name="set_language"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
]
# allauth answers its own rate limits with this view.
handler429 = "portal.ratelimits.handler429"
