"""Account forms of the portal (django-allauth's, adapted)."""

from typing import Any

from allauth.account.forms import LoginForm as AllauthLoginForm
from django.core.exceptions import ValidationError
from django.core.validators import validate_email


class LoginForm(AllauthLoginForm):
    """Sign in, with the address filled in when the link names it (``?email=``), as the
    sign-in link of an invitation does; the sign-up page does the same already."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        email = self.request.GET.get("email", "") if self.request is not None else ""
        try:
            validate_email(email)
        except ValidationError:
            return
        self.fields["login"].initial = email
