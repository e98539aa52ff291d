"""What lots tells the apps above it, which it never imports: ``rules_changed`` (with
``lot_ids``) when an admin change may change what the engine says of those lots' proposals."""

from collections.abc import Iterable

from django.dispatch import Signal

from lots.models import Call, Lot, Sector

rules_changed = Signal()


def announce_rules_change(lot_ids: Iterable[int]) -> None:
    """Sent in the transaction of the change (receivers queue their work in it)."""
    ids = sorted(set(lot_ids))
    if ids:
        rules_changed.send(sender=Lot, lot_ids=ids)


def lots_ruled_by(obj: Call | Lot | Sector) -> list[int]:
    """The lots whose rules an admin change to a call, a lot or a sector may change: a call's
    lots (its Programme countries, one-applicant rule, own sectors), the lot itself, and for a
    sector (its code or place in the tree) the lots of its call, or of every call that
    includes NACE Rev. 2."""
    if isinstance(obj, Lot):
        return [obj.pk] if obj.pk else []
    if isinstance(obj, Call):
        return list(Lot.objects.filter(call=obj).values_list("pk", flat=True))
    if obj.call_id is not None:
        return list(Lot.objects.filter(call_id=obj.call_id).values_list("pk", flat=True))
    return list(Lot.objects.filter(call__nace_sectors=True).values_list("pk", flat=True))
