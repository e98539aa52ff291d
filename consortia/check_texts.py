"""The eligibility engine's texts in the active language.

``lots/rules.py`` stays free of Django: each check carries its English ``message`` and
``hint``, a stable ``key`` naming the variant of the text, and ``params`` (counts, country
codes, names). Here (code, key) and params become gettext/ngettext strings, with country names
from django-countries and numbers and amounts in the active locale. ``specs.py`` applies it to
every report, so the panel, the review step, exports, the API and the dashboard all read the
same texts. A check this module does not know keeps its English text (never a blank).

Short forms (``short_label``, ``figure``) serve the panel's announcement of what changed
("Programme countries: now passes, 4 of 4.").
"""

from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from decimal import Decimal
from typing import Any

from django.utils import formats
from django.utils.text import capfirst
from django.utils.translation import get_language, ngettext, pgettext, pgettext_lazy
from django.utils.translation import gettext as _
from django_countries import countries

from consortia.models import Membership
from lots import rules

Texts = tuple[str, str]


def country(code: str, lot: rules.LotRules | None = None) -> str:
    """A country's name in the active language (the lot's name for codes django-countries
    does not know)."""
    name = countries.name(code)
    if name:
        return str(name)
    return lot.country_name(code) if lot is not None else code


def number(value: int | Decimal) -> str:
    return formats.number_format(value, use_l10n=True, force_grouping=True)


def money(amount: Any) -> str:
    """'EUR 1,000,000' / '1 000 000 EUR' / '1.000.000 EUR'; cents shown when there are any."""
    return _("EUR %(amount)s") % {"amount": number(Decimal(amount))}


def years(count: int) -> str:
    return ngettext("%(count)d year", "%(count)d years", count) % {"count": count}


def or_list(words: Sequence[str]) -> str:
    """'a', 'a or b', 'a or b or c' (as the engine says it)."""
    said = words[0]
    for word in words[1:]:
        said = _("%(first)s or %(second)s") % {"first": said, "second": word}
    return said


def and_list(words: Sequence[str]) -> str:
    """'a', 'a and b', 'a, b and c'."""
    if len(words) == 1:
        return words[0]
    return _("%(items)s and %(last)s") % {"items": ", ".join(words[:-1]), "last": words[-1]}


def with_country(name: str, code: str, lot: rules.LotRules | None) -> str:
    return _("%(name)s (%(country)s)") % {"name": name, "country": country(code, lot)}


def declined_sentence(declined: Iterable[tuple[str, str]], lot: rules.LotRules | None) -> str:
    """The end of a failing minimum's hint: who declined and so no longer counts."""
    members = list(declined)
    if not members:
        return ""
    names = ", ".join(with_country(name or _("a member"), code, lot) for name, code in members)
    return " " + ngettext(
        "%(names)s declined and no longer counts: replace it.",
        "%(names)s declined and no longer count: replace them.",
        len(members),
    ) % {"names": names}


def params_of(check: rules.Check) -> dict[str, Any]:
    return dict(check.params)


def applicant(check: rules.Check, lot: rules.LotRules | None) -> Texts | None:
    p = params_of(check)
    if check.key == "none":
        return _("No applicant yet."), _("Choose the applicant organisation.")
    if check.key == "several":
        message = ngettext(
            "%(count)d applicant; a proposal has exactly one.",
            "%(count)d applicants; a proposal has exactly one.",
            p["count"],
        ) % {"count": p["count"]}
        return message, _("Make every organisation but one a full partner.")
    if check.key == "programme":
        return _("The applicant is in %(country)s, a Programme country.") % {
            "country": country(p["country"], lot)
        }, ""
    if check.key == "partner":
        return (
            _("The applicant is in %(country)s, a Partner country of this call.")
            % {"country": country(p["country"], lot)},
            _(
                "Choose an applicant established in a Programme country; the current one can "
                "stay as a full partner."
            ),
        )
    return None


def programme_countries(check: rules.Check, lot: rules.LotRules | None) -> Texts | None:
    p = params_of(check)
    values = {"count": p["count"], "needed": p["needed"]}
    if check.key == "none":
        message = (
            ngettext(
                "%(count)d Programme country, %(needed)d needed.",
                "%(count)d Programme countries, %(needed)d needed.",
                p["count"],
            )
            % values
        )
    elif check.key == "listed":
        names = ", ".join(sorted(country(code, lot) for code in p["countries"]))
        message = ngettext(
            "%(count)d Programme country, %(needed)d needed: %(countries)s.",
            "%(count)d Programme countries, %(needed)d needed: %(countries)s.",
            p["count"],
        ) % {**values, "countries": names}
    else:
        return None
    if check.passed:
        return message, ""
    hint = ngettext(
        "Add full partners from %(count)d more Programme country; associated partners and "
        "Partner countries do not count.",
        "Add full partners from %(count)d more Programme countries; associated partners and "
        "Partner countries do not count.",
        p["missing"],
    ) % {"count": p["missing"]}
    return message, hint + declined_sentence(p["declined"], lot)


def full_partners(check: rules.Check, lot: rules.LotRules | None) -> Texts | None:
    p = params_of(check)
    values = {"count": p["count"], "needed": p["needed"]}
    if check.key == "programme_only":
        message = (
            ngettext(
                "%(count)d full partner, the applicant included; %(needed)d needed "
                "(Programme countries only).",
                "%(count)d full partners, the applicant included; %(needed)d needed "
                "(Programme countries only).",
                p["count"],
            )
            % values
        )
    elif check.key == "anywhere":
        message = (
            ngettext(
                "%(count)d full partner, the applicant included; %(needed)d needed.",
                "%(count)d full partners, the applicant included; %(needed)d needed.",
                p["count"],
            )
            % values
        )
    else:
        return None
    if check.passed:
        return message, ""
    if check.key == "programme_only":
        hint = ngettext(
            "Add %(count)d more full partner from Programme countries.",
            "Add %(count)d more full partners from Programme countries.",
            p["missing"],
        )
    else:
        hint = ngettext(
            "Add %(count)d more full partner.", "Add %(count)d more full partners.", p["missing"]
        )
    return message, hint % {"count": p["missing"]} + declined_sentence(p["declined"], lot)


def composition(check: rules.Check, lot: rules.LotRules | None) -> Texts | None:
    p = params_of(check)
    label = str(p["label"])
    values = {"label": capfirst(label), "needed": p["needed"]}
    if check.key in ("overall", "overall_anywhere"):
        values["count"] = p["count"]
        if p["left_out"]:
            message = ngettext(
                "%(label)s: %(count)d, at least %(needed)d needed; %(left_out)d in a Partner "
                "country does not count.",
                "%(label)s: %(count)d, at least %(needed)d needed; %(left_out)d in Partner "
                "countries do not count.",
                p["left_out"],
            ) % {**values, "left_out": p["left_out"]}
        else:
            message = _("%(label)s: %(count)d, at least %(needed)d needed.") % values
        if check.passed:
            return message, ""
        if check.key == "overall":
            hint = ngettext(
                "Add %(count)d more full partner of this kind from Programme countries: %(label)s.",
                "Add %(count)d more full partners of this kind from Programme countries: "
                "%(label)s.",
                p["missing"],
            )
        else:
            hint = ngettext(
                "Add %(count)d more full partner of this kind: %(label)s.",
                "Add %(count)d more full partners of this kind: %(label)s.",
                p["missing"],
            )
        hint = hint % {"count": p["missing"], "label": label}
        return message, hint + declined_sentence(p["declined"], lot)
    if check.key == "per_country_none":
        return (
            _(
                "No Programme country yet. %(label)s in each participating Programme country, "
                "at least %(needed)d."
            )
            % values,
            _("Add full partners first."),
        )
    if check.key == "per_country":
        return ngettext(
            "%(label)s in each participating Programme country, at least %(needed)d: met in "
            "all %(count)d.",
            "%(label)s in each participating Programme country, at least %(needed)d: met in "
            "all %(count)d.",
            p["count"],
        ) % {**values, "count": p["count"]}, ""
    if check.key == "per_country_short":
        names = ", ".join(country(code, lot) for code in p["countries"])
        message = _(
            "%(label)s in each participating Programme country, at least %(needed)d: short in "
            "%(countries)s."
        ) % {**values, "countries": names}
        hint = _("Add %(label)s as full partners in %(countries)s.") % {
            "label": label,
            "countries": names,
        }
        return message, hint + declined_sentence(p["declined"], lot)
    return None


def duration(check: rules.Check, lot: rules.LotRules | None) -> Texts | None:
    p = params_of(check)
    choose = ""
    if "allowed" in p:
        choose = _("Choose %(durations)s.") % {
            "durations": or_list([years(y) for y in p["allowed"]])
        }
    count = {"count": p.get("years", 0)}
    if check.key == "none":
        return _("No duration yet."), _("Choose the project's duration.")
    if check.key == "none_allowed":
        return _("No duration yet."), choose
    if check.key == "any":
        return ngettext("%(count)d year.", "%(count)d years.", count["count"]) % count, ""
    if check.key == "allowed":
        message = ngettext(
            "%(count)d year, as allowed.", "%(count)d years, as allowed.", count["count"]
        )
        return message % count, ""
    if check.key == "not_allowed":
        message = ngettext(
            "%(count)d year is not allowed in this lot.",
            "%(count)d years is not allowed in this lot.",
            count["count"],
        )
        return message % count, choose
    return None


def sector(check: rules.Check, lot: rules.LotRules | None) -> Texts | None:
    p = params_of(check)
    listed = ", ".join(p["sectors"])
    if check.key == "none":
        return _("No sector yet."), _("Choose one of the lot's sectors: %(sectors)s.") % {
            "sectors": listed
        }
    if check.key == "allowed":
        return _("%(sector)s is one of the lot's sectors.") % {"sector": p["sector"]}, ""
    if check.key == "not_allowed":
        return (
            _("%(sector)s is not one of the lot's sectors.") % {"sector": p["sector"]},
            _("Choose one of: %(sectors)s, or another lot.") % {"sectors": listed},
        )
    return None


def grant(check: rules.Check, lot: rules.LotRules | None) -> Texts | None:
    p = params_of(check)
    if check.key == "by_duration":
        caps = "; ".join(
            _("%(duration)s: %(amount)s") % {"duration": years(y), "amount": money(cap)}
            for y, cap in p["caps"]
        )
        return _("Maximum EU grant by duration: %(caps)s.") % {"caps": caps}, ""
    if check.key == "no_amount":
        message = ngettext(
            "Up to %(cap)s for %(count)d year; no amount requested yet.",
            "Up to %(cap)s for %(count)d years; no amount requested yet.",
            p["years"],
        )
        return message % {"cap": money(p["cap"]), "count": p["years"]}, ""
    if check.key == "within":
        return _("%(requested)s of at most %(cap)s.") % {
            "requested": money(p["requested"]),
            "cap": money(p["cap"]),
        }, ""
    if check.key == "over":
        return (
            _("%(requested)s requested; the maximum is %(cap)s.")
            % {"requested": money(p["requested"]), "cap": money(p["cap"])},
            _("Lower the request by %(excess)s.") % {"excess": money(p["excess"])},
        )
    return None


def unique(check: rules.Check, lot: rules.LotRules | None) -> Texts | None:
    p = params_of(check)
    if check.key == "twice":
        names = "; ".join(and_list(list(group)) for group in p["groups"])
        return (
            _("Listed more than once: %(names)s.") % {"names": names},
            _("Remove the duplicate rows; an organisation takes one role only."),
        )
    if check.key == "all":
        return _("Every organisation appears once."), ""
    if check.key == "some":
        message = ngettext(
            "Every organisation identified appears once (%(identified)d of %(count)d member "
            "identified).",
            "Every organisation identified appears once (%(identified)d of %(count)d members "
            "identified).",
            p["count"],
        ) % {"identified": p["identified"], "count": p["count"]}
        return message, _("Identify the others (PIC or OID) to compare them too.")
    return None


def once_per_call(check: rules.Check, lot: rules.LotRules | None) -> Texts | None:
    p = params_of(check)
    names = ", ".join(p.get("proposals", ()))
    if check.key == "submitted":
        return (
            _("The applicant has submitted %(proposals)s in this call already.")
            % {"proposals": names},
            _(
                "One applicant applies once in this call: choose another applicant, or "
                "withdraw %(proposals)s."
            )
            % {"proposals": names},
        )
    if check.key == "draft":
        return (
            _("The applicant also has a draft in this call: %(proposals)s.") % {"proposals": names},
            _("Only one of them can be submitted: the first to be submitted."),
        )
    if check.key == "none":
        return _("No other proposal of this applicant in this call."), ""
    return None


def once_per_sector(check: rules.Check, lot: rules.LotRules | None) -> Texts | None:
    p = params_of(check)
    names = ", ".join(p.get("proposals", ()))
    if check.key == "submitted":
        return (
            _("The applicant has submitted %(proposals)s for this sector in this call already.")
            % {"proposals": names},
            _(
                "One applicant applies once per sector in a call: choose another sector or "
                "another applicant, or withdraw %(proposals)s."
            )
            % {"proposals": names},
        )
    if check.key == "draft":
        return (
            _("The applicant also has a draft for this sector in this call: %(proposals)s.")
            % {"proposals": names},
            _("Only one of them can be submitted: the first to be submitted."),
        )
    if check.key == "none":
        return _("No other proposal of this applicant addresses this sector."), ""
    return None


def status_word(status: str) -> str:
    """A member's ``Membership.Status`` as a rule's sentence says it, in lower case."""
    words = {
        Membership.Status.TO_INVITE: pgettext("invitation", "not invited"),
        Membership.Status.INVITED: pgettext("invitation", "invited"),
    }
    return words.get(status, status)


def members_accepted(check: rules.Check, lot: rules.LotRules | None) -> Texts | None:
    p = params_of(check)
    count = p["count"]
    if check.key == "all":
        return ngettext(
            "All %(count)d partner accepted.", "All %(count)d partners accepted.", count
        ) % {"count": count}, ""
    if check.key not in ("waiting", "declined", "waiting_declined"):
        return None
    parts, hints = [], []
    if p["waiting"]:
        names = "; ".join(
            _("%(name)s (%(status)s)") % {"name": name, "status": status_word(status)}
            for name, status in p["waiting"]
        )
        parts.append(
            ngettext(
                "Waiting for %(waiting)d of %(count)d partner: %(names)s.",
                "Waiting for %(waiting)d of %(count)d partners: %(names)s.",
                count,
            )
            % {"waiting": len(p["waiting"]), "count": count, "names": names}
        )
        hints.append(
            _("Invite the partners not invited yet, and resend invitations that failed or expired.")
        )
    if p["declined"]:
        names = "; ".join(with_country(name or code, code, lot) for name, code in p["declined"])
        parts.append(_("Declined: %(names)s.") % {"names": names})
        hints.append(
            _(
                "Replace the partners who declined: remove them on the partners step and add "
                "other organisations."
            )
        )
    return " ".join(parts), " ".join(hints)


FAMILIES: dict[str, Callable[[rules.Check, rules.LotRules | None], Texts | None]] = {
    "applicant_programme_country": applicant,
    "min_programme_countries": programme_countries,
    "min_full_partners": full_partners,
    "composition": composition,
    "duration": duration,
    "sector_allowed": sector,
    "max_grant": grant,
    "unique_organisations": unique,
    "applicant_once_per_call": once_per_call,
    "applicant_sector_conflict": once_per_sector,
    "members_accepted": members_accepted,
}


def family(code: str) -> str:
    """'composition:vet' -> 'composition'."""
    return code.split(":", 1)[0]


def texts(check: rules.Check, lot: rules.LotRules | None = None) -> Texts | None:
    """The check's message and hint in the active language, or None for a variant this module
    does not know."""
    say = FAMILIES.get(family(check.code))
    if say is None or not check.key:
        return None
    try:
        return say(check, lot)
    except (KeyError, TypeError, ValueError):
        return None


def translated_check(check: rules.Check, lot: rules.LotRules | None = None) -> rules.Check:
    said = texts(check, lot)
    if said is None:
        return check
    return replace(check, message=said[0], hint=said[1])


def translated(report: rules.Report, lot: rules.LotRules | None = None) -> rules.Report:
    """The report with every check's texts in the active language."""
    return rules.Report(tuple(translated_check(check, lot) for check in report.checks))


def short_label(check: rules.Check) -> str:
    """What a check is about, in two or three words, for the panel's announcements."""
    if family(check.code) == "composition":
        return capfirst(str(check.params.get("label", check.code.split(":", 1)[-1])))
    labels = {
        "applicant_programme_country": _("Applicant"),
        "min_programme_countries": _("Programme countries"),
        "min_full_partners": _("Full partners"),
        "duration": _("Duration"),
        "sector_allowed": _("Sector"),
        "max_grant": _("EU grant"),
        "unique_organisations": _("Organisations listed once"),
        "applicant_once_per_call": _("Applicant's other proposals"),
        "applicant_sector_conflict": _("Applicant's other proposals"),
        "members_accepted": _("Partners' answers"),
    }
    return labels.get(check.code, check.code)


def figure(check: rules.Check) -> str:
    """'4 of 4' for the checks that count towards a minimum, else ''."""
    p = check.params
    if family(check.code) == "members_accepted" and "count" in p:
        accepted = int(str(p["count"])) - len(p.get("waiting", ())) - len(p.get("declined", ()))  # type: ignore[arg-type]
        return _("%(count)s of %(needed)s") % {
            "count": number(accepted),
            "needed": number(int(str(p["count"]))),
        }
    if "count" in p and "needed" in p and check.key != "per_country":
        return _("%(count)s of %(needed)s") % {
            "count": number(int(str(p["count"]))),
            "needed": number(int(str(p["needed"]))),
        }
    return ""


# What a suggested organisation adds ("Adds Latvia, a 6th Programme country."): English keeps
# the engine's sentence (its articles and ordinals); other languages say each part with an
# ordinal of their own ("6e", "6.") and a singular noun for the organisation kinds.
KIND_NOUNS = {
    "enterprise": pgettext_lazy("organisation kind, singular", "enterprise"),
    "vet_provider": pgettext_lazy("organisation kind, singular", "VET provider"),
    "higher_education": pgettext_lazy(
        "organisation kind, singular", "higher education institution"
    ),
    "employers_organisation": pgettext_lazy(
        "organisation kind, singular", "employers' organisation"
    ),
    "trade_union": pgettext_lazy("organisation kind, singular", "trade union"),
    "chamber": pgettext_lazy("organisation kind, singular", "chamber"),
    "sector_skills_council": pgettext_lazy("organisation kind, singular", "sector skills council"),
    "public_authority": pgettext_lazy("organisation kind, singular", "public authority"),
    "research_institute": pgettext_lazy("organisation kind, singular", "research institute"),
    "guidance_service": pgettext_lazy("organisation kind, singular", "guidance service"),
    "other": pgettext_lazy("organisation kind, singular", "organisation of another kind"),
}
# Kinds whose French noun is feminine: "1re entreprise", but "1er prestataire".
FEMININE_FR = {"enterprise", "employers_organisation", "chamber", "public_authority", "other"}


def ordinal(number: int, feminine: bool = False) -> str:
    language = (get_language() or "en").split("-")[0]
    if language == "fr":
        return ("1re" if feminine else "1er") if number == 1 else f"{number}e"
    if language == "de":
        return f"{number}."
    return rules.ordinal(number)


def kinds_said(kinds: Sequence[str]) -> str:
    nouns = [str(KIND_NOUNS.get(kind, kind)) for kind in kinds]
    if len(nouns) == 1:
        return nouns[0]
    return _("%(items)s or %(last)s") % {"items": ", ".join(nouns[:-1]), "last": nouns[-1]}


def contribution_part(part: str, p: Any, lot: rules.LotRules | None) -> str:
    if part == "country":
        return _("%(country)s, %(nth)s Programme country") % {
            "country": country(p["country"], lot),
            "nth": ordinal(p["nth"]),
        }
    if part == "full_partner":
        return _("%(nth)s full partner") % {"nth": ordinal(p["nth"])}
    feminine = len(p["kinds"]) == 1 and p["kinds"][0] in FEMININE_FR
    values = {"nth": ordinal(p["nth"], feminine), "kind": kinds_said(p["kinds"])}
    if part == "kind_in":
        return _("%(nth)s %(kind)s in %(country)s") % {
            **values,
            "country": country(p["country"], lot),
        }
    return _("%(nth)s %(kind)s") % values


def contribution_sentence(
    contribution: rules.Contribution, lot: rules.LotRules | None = None
) -> str:
    """The contribution's sentence in the active language (the engine's own in English)."""
    language = (get_language() or "en").split("-")[0]
    if language == "en" or not contribution.parts:
        return contribution.sentence
    try:
        said = [contribution_part(part, params, lot) for part, params in contribution.parts]
    except (KeyError, TypeError, ValueError):
        return contribution.sentence
    return _("Adds %(phrases)s.") % {"phrases": "; ".join(said)}
