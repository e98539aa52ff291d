"""Limits on what one person can make the portal do: invitation emails per proposal and per
address, organisations added per user. Counted from the rows themselves (every process and
database agree, nothing is lost when a cache is), in a sliding window; over a limit the service
raises ``NotAllowed`` saying when to try again."""

from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.db.models import QuerySet
from django.utils import dateformat, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from consortia.exceptions import NotAllowed
from consortia.models import Invitation, Organisation

PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_rate(rate: str) -> tuple[int, timedelta]:
    """'60/h' -> (60, 1 hour); '5/10m' -> (5, 10 minutes)."""
    count, period = rate.split("/")
    return int(count), timedelta(seconds=int(period[:-1] or 1) * PERIODS[period[-1]])


def retry_at(rows: QuerySet, *, limit: int, window: timedelta, adding: int) -> datetime | None:
    """When ``adding`` more rows fit within ``limit`` rows created in ``window``; None if they
    fit now. ``adding`` is at most ``limit`` (the callers refuse more first)."""
    since = timezone.now() - window
    times = list(
        rows.filter(created_at__gt=since)
        .order_by("created_at")
        .values_list("created_at", flat=True)
    )
    excess = len(times) + adding - limit
    return None if excess <= 0 else times[excess - 1] + window


def at(moment: datetime) -> str:
    """A time to retry, in Brussels time, with the date unless it is today."""
    local = timezone.localtime(moment)
    if local.date() == timezone.localdate():
        return dateformat.time_format(local, pgettext("time format", "H:i"))
    return dateformat.format(local, pgettext("date and time format", "j F Y, H:i"))


def window_text(window: timedelta) -> str:
    """1 hour -> 'an hour', 1 day -> 'a day', 2 days -> '2 days', 10 minutes -> '10 minutes'."""
    seconds = int(window.total_seconds())
    if seconds % 86400 == 0:
        days = seconds // 86400
        return _("a day") if days == 1 else ngettext("%d day", "%d days", days) % days
    if seconds % 3600 == 0:
        hours = seconds // 3600
        return _("an hour") if hours == 1 else ngettext("%d hour", "%d hours", hours) % hours
    minutes = max(seconds // 60, 1)
    return ngettext("%d minute", "%d minutes", minutes) % minutes


def emailed_invitations() -> QuerySet:
    return Invitation.objects.filter(channel=Invitation.Channel.EMAIL)


def require_invitation_quota(proposal_id: int, addresses: list[str]) -> None:
    """Refuse to email ``addresses`` (one per invitation) when that would pass the limit of
    invitation emails per proposal, or per address (across all proposals)."""
    limit, window = parse_rate(settings.RATE_LIMITS["invitations_per_proposal"])
    if len(addresses) > limit:
        raise NotAllowed(
            _(
                "At most %(limit)d invitation emails go out per proposal in %(window)s; invite "
                "fewer partners at a time (this would send %(count)d)."
            )
            % {"limit": limit, "window": window_text(window), "count": len(addresses)}
        )
    sent = emailed_invitations().filter(membership__proposal=proposal_id)
    if when := retry_at(sent, limit=limit, window=window, adding=len(addresses)):
        raise NotAllowed(
            _(
                "At most %(limit)d invitation emails go out per proposal in %(window)s, and this "
                "would pass it. Try again after %(time)s (Brussels time)."
            )
            % {"limit": limit, "window": window_text(window), "time": at(when)}
        )
    limit, window = parse_rate(settings.RATE_LIMITS["invitations_per_address"])
    lowered = [address.lower() for address in addresses]
    for address in sorted(set(lowered)):
        count = lowered.count(address)
        if count > limit:
            raise NotAllowed(
                _(
                    "%(address)s is the contact of %(count)d partners; at most %(limit)d "
                    "invitation emails go to one address in %(window)s."
                )
                % {
                    "address": address,
                    "count": count,
                    "limit": limit,
                    "window": window_text(window),
                }
            )
        sent = emailed_invitations().filter(email__iexact=address)
        if when := retry_at(sent, limit=limit, window=window, adding=count):
            raise NotAllowed(
                _(
                    "%(address)s has had %(limit)d invitation emails in %(window)s, the most the "
                    "portal sends to one address. Try again after %(time)s (Brussels time), or "
                    "copy a link for it."
                )
                % {
                    "address": address,
                    "limit": limit,
                    "window": window_text(window),
                    "time": at(when),
                }
            )


def require_organisation_quota(by: AbstractBaseUser | None) -> None:
    """Refuse a new organisation from a user who added the most allowed in the window."""
    if by is None:
        return
    limit, window = parse_rate(settings.RATE_LIMITS["organisations_per_user"])
    added = Organisation.objects.filter(created_by=by)
    if when := retry_at(added, limit=limit, window=window, adding=1):
        raise NotAllowed(
            _(
                "You have added %(limit)d organisations to the directory in %(window)s, the "
                "most the portal allows. Try again after %(time)s (Brussels time)."
            )
            % {"limit": limit, "window": window_text(window), "time": at(when)}
        )
