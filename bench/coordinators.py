"""Coordinators and their draft proposals over the 100,000-organisation directory of
directory.py, shared by ratios.py and load.py: each proposal has an applicant and partners of
its own, taken from the directory, and the body the partners step posts for them.

Organisation number n of the directory (PIC 900,000,000 + n) lies in the n % 10th of its ten
countries (DE, AT, FR, IT, ES, PL, NL, FI, HU, PT), so a block of 50 numbers starting at a
multiple of 10 gives an applicant in Austria (n ending in 1) and partners cycling through all
ten countries: 5 partners cover 6 countries, 9 or more all 10.
"""

import os
from urllib.parse import urlencode

os.environ.setdefault(
    "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/portal_bench_directory"
)
from common import CSRF_SECRET  # after: it reads the URL above

ORGANISATIONS = 100_000
FIRST_BLOCK = 50_000  # proposal k takes the directory's numbers 50,000 + 50k ... + 50k + 49
BLOCK = 50
MAX_PARTNERS = BLOCK - 2


def organisations(numbers: list[int]) -> list[object]:
    """The directory's organisations of these numbers, in that order."""
    from consortia.models import Organisation

    pics = [str(900_000_000 + number) for number in numbers]
    found = Organisation.objects.in_bulk(pics, field_name="pic")
    missing = [pic for pic in pics if pic not in found]
    if missing:
        raise RuntimeError(f"the directory lacks PICs {missing[:3]}...: run it with 100,000")
    return [found[pic] for pic in pics]


def coordinator(email: str) -> object:
    from django.contrib.auth import get_user_model

    user, _ = get_user_model().objects.get_or_create(username=email, defaults={"email": email})
    return user


def proposal(owner: object, *, block: int, partners: int, lot_number: int) -> object:
    """``owner``'s draft in the default call's lot ``lot_number`` (made once, by its acronym),
    whose applicant and ``partners`` full partners are directory block ``block``'s."""
    from consortia import services
    from consortia.models import Membership, Proposal
    from lots.models import Lot

    if partners > MAX_PARTNERS:
        raise ValueError(f"at most {MAX_PARTNERS} partners")
    start = FIRST_BLOCK + block * BLOCK
    if start + BLOCK > ORGANISATIONS:
        raise ValueError(f"block {block} is past the directory's end")
    draft, created = Proposal.objects.get_or_create(
        owner=owner,
        acronym=f"B{block}-{partners}P-L{lot_number}",
        defaults={
            "lot": Lot.objects.get(call__is_default=True, number=lot_number),
            "duration_years": 3,
        },
    )
    if created:
        applicant, *others = organisations(list(range(start + 1, start + 2 + partners)))
        Membership.objects.bulk_create(
            [Membership(proposal=draft, organisation=applicant, role="applicant")]
            + [
                Membership(
                    proposal=draft,
                    organisation=organisation,
                    role="full_partner",
                    position=position,
                    contact_email=f"contact{position}@example.org",
                )
                for position, organisation in enumerate(others, start=1)
            ]
        )
    if draft.verdict_at is None:  # as the services do on commit: lists read stored verdicts
        services.refresh_verdicts([draft.pk])
    return draft


def partners_body(draft: object) -> str:
    """What the partners step's form posts for ``draft``'s saved partners, unchanged: the body
    of the live check and of a save."""
    partners = list(
        draft.memberships.exclude(role="applicant").order_by("position")  # type: ignore[attr-defined]
    )
    data: dict[str, object] = {
        "csrfmiddlewaretoken": CSRF_SECRET,
        "version": draft.version,  # type: ignore[attr-defined]
        "partners-TOTAL_FORMS": len(partners),
        "partners-INITIAL_FORMS": 0,
    }
    for index, membership in enumerate(partners):
        data[f"partners-{index}-organisation"] = membership.organisation_id
        data[f"partners-{index}-role"] = membership.role
        data[f"partners-{index}-contact_email"] = membership.contact_email
    return urlencode(data)
