from collections.abc import Callable

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from outbox.publish import unpublished


class QueueNoticeMiddleware:
    """Tells the user when what they just started (an email, an export) could not be handed
    to the queue: it is saved and goes out when the queue is back, by itself."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = unpublished.set(0)
        try:
            response = self.get_response(request)
            if unpublished.get() and hasattr(request, "_messages"):
                messages.warning(
                    request,
                    _(
                        "Saved. The background queue is not reachable at the moment: the "
                        "emails or export you started will go out by themselves as soon as "
                        "it is back."
                    ),
                )
        finally:
            unpublished.reset(token)
        return response
