"""Retired organisation kinds and what each reads as now.

"social_partner" was split into employers' organisations and trade unions, which the guides
count apart (employers' organisations on the enterprise side, trade unions only in some lots):
a social partner is a trade union when its name says so, an employers' organisation otherwise
(the usual social partner in an alliance). Pure (standard library only): the import of old
export files, the engine's adapter and the API use it; the migrations that split the kind keep
a frozen copy of the rule, as migrations must.
"""

import re
import unicodedata

SOCIAL_PARTNER = "social_partner"
EMPLOYERS_ORGANISATION = "employers_organisation"
TRADE_UNION = "trade_union"
# Each retired code and the codes that replaced it.
RETIRED = {SOCIAL_PARTNER: (EMPLOYERS_ORGANISATION, TRADE_UNION)}

# Names are compared casefolded and without accents ("związek" reads "zwiazek"), one per line.
TRADE_UNION_WORDS = (
    # Anywhere in a word: languages that compound (Industriegewerkschaft), and stems
    # (intersyndicale, sindacati, sindikata).
    "gewerkschaft",
    "vakbond",
    "vakcentrale",
    "ammattiliit",
    "fackforbund",
    "fackforening",
    "fagforbund",
    "fagforening",
    "fagbevægelse",
    "szakszervezet",
    "arodbiedr",
    "ametiuhing",
    "profsajung",
    "sendika",
    "syndica",
    "sindica",
    "sindaca",
    "sindikat",
    "συνδικ",
    "синдикат",
    "синдикал",
    "профспілк",
    "профсоюз",
    # At the start of a word.
    r"\btrades?[ -]unions?\b",
    r"\blabou?r unions?\b",
    # English "union" only as unions name themselves ("Bakers' Union", "Union of ...
    # Workers"): French employers' federations are often "Union des industries ...".
    r"\bunion(?: of| for|\W*$|\s*\()",
    r"\bunionen\b",
    r"\bworkers?\b",
    r"\bemployees\b",
    r"\btravailleu",
    r"\btrabajador",
    r"\btrabalhador",
    r"\blavorator",
    r"\bwerknemer",
    r"\barbeitnehmer",
    r"\bpracownik",
    r"\bzamestnanc",
    r"\btyontekij",
    r"\bodbor(?:y|ov|ar)",  # odbory, odborový, odborári; not odbor (a department), odborné
    r"\bzwiaz\w* zawodow",
    r"\bsolidarnosc\b",
    r"\bcomisiones obreras\b",
    r"\bforce ouvriere\b",
    r"\b(?:ig|if)[ -]?(?:metall|bce|bau)\b",
    r"\bver\.?di\b",
    r"\bunison\b",
    r"\bindustriall\b",
    # Confederations known by their initials, as whole words.
    r"\b(?:cgt|cfdt|cftc|cgc|unsa|fgtb|abvv|acv|aclvb|fnv|cnv|dgb|ogb|cgil|cisl|uil|ccoo|ugt"
    r"|cgtp|nszz|opzz|cmkos|gsee|adedy|knsb|tuc|ictu|sak|tco|saco|etuc)\b",
)
# A name with any of these is an employers' organisation even with a word above ("Syndicat
# national des entreprises ...", "Union of Bulgarian Business").
EMPLOYER_WORDS = (
    "employer",
    "patronal",
    "patronat",
    "empresari",
    "arbeitgeber",
    "werkgever",
    "pracodaw",
    "tyonantaj",
    "arbetsgivar",
    "arbejdsgiver",
    "arbeidsgiver",
    "zamestnavatel",
    "munkaltato",
    "munkaado",
    "delodajal",
    "poslodav",
    "darba devej",
    "tooandja",
    "isveren",
    "εργοδοτ",
    "работодател",
    "роботодав",
    "confindustria",
    "unternehm",
    "entreprise",
    "entrepreneur",
    "fabricant",
    "manufacturer",
    "chamber",
    r"\bempresas\b",
    r"\bimpres[ae]\b",
    r"\bcompanies\b",
    r"\bbusiness",
)
TRADE_UNION_NAME = re.compile("|".join(TRADE_UNION_WORDS), re.MULTILINE)
EMPLOYER_NAME = re.compile("|".join(EMPLOYER_WORDS), re.MULTILINE)


def comparable(*names: str) -> str:
    """The names casefolded, without accents, one per line."""
    text = unicodedata.normalize("NFKD", "\n".join(names).casefold().replace("\u2019", "'"))
    return "".join(char for char in text if not unicodedata.combining(char))


def is_trade_union_name(*names: str) -> bool:
    text = comparable(*names)
    return bool(TRADE_UNION_NAME.search(text)) and not EMPLOYER_NAME.search(text)


def current_kind(kind: str, *names: str) -> str:
    """The kind an organisation of ``kind`` named ``names`` (legal and short name) has now: a
    social partner is a trade union when a name says so, an employers' organisation otherwise;
    any other kind is itself."""
    if kind != SOCIAL_PARTNER:
        return kind
    return TRADE_UNION if is_trade_union_name(*names) else EMPLOYERS_ORGANISATION


def refuse_retired(value: object) -> object:
    """For input schemas: a retired code is refused with the codes that replaced it."""
    if isinstance(value, str) and value in RETIRED:
        instead = " or ".join(repr(code) for code in RETIRED[value])
        raise ValueError(f"{value!r} is no longer a kind: use {instead}.")
    return value
