"""The account adapter: django-allauth's, with what the portal's account emails say beyond
allauth's context (the portal's address, how long each link works, the sign-in page), too
many failed sign-ins answered with the 429 page, and the user's language: saved at sign-up
(the language they signed up in), applied at sign-in (the one they chose last)."""

from typing import Any

from allauth.account import app_settings
from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.utils import build_absolute_uri
from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import translation
from django.utils.translation import ngettext

from portal import ratelimits
from portal.languages import save_language, saved_language, set_language_cookie

DAY, HOUR = 86400, 3600


def lifetime(seconds: int) -> str:
    """259200 -> '3 days', 3600 -> '1 hour', 900 -> '15 minutes'."""
    if seconds >= DAY and seconds % DAY == 0:
        days = seconds // DAY
        return ngettext("%(count)d day", "%(count)d days", days) % {"count": days}
    if seconds >= HOUR and seconds % HOUR == 0:
        hours = seconds // HOUR
        return ngettext("%(count)d hour", "%(count)d hours", hours) % {"count": hours}
    minutes = max(seconds // 60, 1)
    return ngettext("%(count)d minute", "%(count)d minutes", minutes) % {"count": minutes}


def user_display(user: Any) -> str:
    """How allauth names a user ("Successfully signed in as ..."): the address they sign in
    with, not the username allauth derived from it ("contact" for contact@amfa.example.org)."""
    return str(user.email or user.get_username())


class AccountAdapter(DefaultAccountAdapter):
    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        request = allauth_context.request
        context = {
            "portal_url": build_absolute_uri(request, reverse("home")),
            "login_url": build_absolute_uri(request, reverse("account_login")),
            "confirmation_lifetime": lifetime(app_settings.EMAIL_CONFIRMATION_EXPIRE_DAYS * DAY),
            "reset_lifetime": lifetime(settings.PASSWORD_RESET_TIMEOUT),
            **context,
        }
        super().send_mail(template_prefix, email, context)

    def pre_authenticate(self, request: HttpRequest, **credentials: Any) -> None:
        """allauth refuses a sign-in after too many failures with a form error; the portal
        answers 429, like every other limit, saying when to try again (the sign-in form of
        admin comes here too: portal/admin.py)."""
        try:
            super().pre_authenticate(request, **credentials)
        except ValidationError as error:
            seconds = ratelimits.longest_window(settings.ACCOUNT_RATE_LIMITS["login_failed"])
            response = ratelimits.too_many_requests(request, "login_failed", seconds)
            raise ImmediateHttpResponse(response) from error

    def save_user(self, request: HttpRequest, user: Any, form: Any, commit: bool = True) -> Any:
        """A new account keeps the language the page was in when it signed up."""
        user = super().save_user(request, user, form, commit=commit)
        if commit:
            save_language(user, translation.get_language())
        return user

    def post_login(self, request: HttpRequest, user: Any, **kwargs: Any) -> HttpResponse:
        """Signing in brings back the user's language (read here, once per sign-in, so that
        other requests read only the cookie): the rest of this request speaks it (the "signed
        in" message) and the response sets the language cookie."""
        code = saved_language(user)
        if code:
            translation.activate(code)
            request.LANGUAGE_CODE = code
        response = super().post_login(request, user, **kwargs)
        if code:
            set_language_cookie(response, code)
        return response
