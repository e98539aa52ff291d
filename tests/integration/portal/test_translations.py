"""Every string the portal shows is marked for translation, and the French and German
catalogues translate all of it.

- The msgids that makemessages finds in the code (run on a copy of the repository's tracked
  files, with the Makefile's options) are exactly those of the committed catalogues: a missing
  one means someone changed a string and did not run `make messages`.
- Text that is not marked at all is found by scanning the templates (text between tags,
  readable attributes, English-only filters) and the usual Python places (messages, validation
  errors, labels and help texts).
- The catalogues are complete (nothing untranslated or fuzzy), keep the placeholders of each
  message, and the compiled .mo files, which are committed so that a fresh clone (and the
  Docker image, which has no gettext) speaks French and German, match the .po files.
"""

import ast
import gettext
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
LANGUAGES = [code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]
# The Makefile's MESSAGES_ARGS (`make messages`), read from it so that the two never differ.
MAKEFILE = (ROOT / "Makefile").read_text()
MESSAGES_ARGS = re.search(r"^MESSAGES_ARGS := (.*?)(?<!\\)\n", MAKEFILE, re.M | re.S)[1]
MESSAGES_ARGS = MESSAGES_ARGS.replace("\\\n", " ").split()

GIT, MSGFMT = shutil.which("git"), shutil.which("msgfmt")
needs_gettext = pytest.mark.skipif(
    MSGFMT is None or shutil.which("xgettext") is None,
    reason="GNU gettext is missing (scripts/ensure-services installs it)",
)


# --- Reading .po files (no third-party parser: the format is small) ---------------------------


def unquote(text):
    """The value of a C string literal as .po files write it."""
    return ast.literal_eval(text)


def read_po(path):
    """The entries of a .po file (blocks separated by blank lines, as gettext writes them), the
    header and obsolete (#~) entries left out: dicts with msgctxt, msgid, msgid_plural, msgstr
    (a list: one form, or one per plural form), flags and locations."""
    entries = []
    for block in re.split(r"\n\s*\n", path.read_text(encoding="utf-8")):
        entry, field = {"flags": set(), "locations": [], "msgstr": {}}, None
        for line in block.strip().splitlines():
            line = line.strip()
            if line.startswith("#~"):
                continue
            if line.startswith("#,"):
                entry["flags"] |= {flag.strip() for flag in line[2:].split(",")}
            elif line.startswith("#:"):
                entry["locations"] += line[2:].split()
            elif line.startswith("#"):
                continue
            elif line.startswith('"'):
                append(entry, field, unquote(line))
            else:
                field, _space, rest = line.partition(" ")
                append(entry, field, unquote(rest))
        if entry.get("msgid"):
            entry["msgstr"] = [entry["msgstr"][index] for index in sorted(entry["msgstr"])]
            entries.append(entry)
    return entries


def append(entry, field, value):
    if field.startswith("msgstr"):
        index = int(field[7:-1]) if field.endswith("]") else 0
        entry["msgstr"][index] = entry["msgstr"].get(index, "") + value
    else:
        entry[field] = entry.get(field, "") + value


def key(entry):
    return (entry.get("msgctxt"), entry["msgid"], entry.get("msgid_plural"))


def describe(keys):
    return "\n".join(
        f"  {msgid!r}" + (f" (context {context!r})" if context else "")
        for context, msgid, _plural in sorted(keys, key=lambda k: (k[1], k[0] or ""))
    )


def committed_po(language):
    return ROOT / "locale" / language / "LC_MESSAGES" / "django.po"


# --- Everything marked is in the catalogues ---------------------------------------------------


@pytest.fixture(scope="module")
def code_msgids(tmp_path_factory):
    """The msgids makemessages finds in the tracked files, run on a copy of them (so that the
    real locale/ is untouched), without the committed catalogues."""
    copy = tmp_path_factory.mktemp("repository")
    tracked = subprocess.run(  # noqa: S603 (our own command line)
        [GIT, "ls-files", "-z"], cwd=ROOT, check=True, capture_output=True, text=True
    ).stdout.split("\0")
    for name in filter(None, tracked):
        if name.startswith("locale/") or not (ROOT / name).is_file():
            continue
        (copy / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, copy / name)
    (copy / "locale").mkdir()
    subprocess.run(  # noqa: S603 (our own command line)
        [sys.executable, "manage.py", "makemessages", *MESSAGES_ARGS],
        cwd=copy,
        check=True,
        capture_output=True,
    )
    # makemessages writes a file's messages to the nearest `locale` directory above it: the
    # portal has one, at the root; another would hold messages this test cannot see.
    catalogues = sorted(str(p.relative_to(copy)) for p in copy.rglob("django.po"))
    assert catalogues == [f"locale/{code}/LC_MESSAGES/django.po" for code in sorted(LANGUAGES)]
    return {
        code: {key(e) for e in read_po(copy / "locale" / code / "LC_MESSAGES" / "django.po")}
        for code in LANGUAGES
    }


@needs_gettext
@pytest.mark.parametrize("language", LANGUAGES)
def test_catalogue_has_exactly_the_messages_of_the_code(code_msgids, language):
    path = committed_po(language)
    assert path.exists(), f"{path.relative_to(ROOT)} is missing: run `make messages`"
    committed = {key(entry) for entry in read_po(path)}
    missing, stale = code_msgids[language] - committed, committed - code_msgids[language]
    assert not missing, (
        f"{len(missing)} message(s) of the code are not in {path.relative_to(ROOT)}: run "
        f"`make messages` and translate them:\n{describe(missing)}"
    )
    assert not stale, (
        f"{len(stale)} message(s) of {path.relative_to(ROOT)} are no longer in the code: run "
        f"`make messages`:\n{describe(stale)}"
    )


# --- Text nobody marked -----------------------------------------------------------------------

# Words that are the same in every language: the portal's name, acronyms, formats.
UNTRANSLATED = {
    "Consortium Portal",
    "API",
    "Erasmus+",
    "KA2",
    "NACE",
    "NACE Rev. 2",
    "PIC",
    "OID",
    "PDF",
    "XLSX",
    "JSON",
    "CSV",
    "EUR",
    "SHA-256",
}
WORD = re.compile(r"[^\W\d_]{2,}")
DJANGO_BLOCKS = re.compile(
    r"{%\s*comment\s*%}.*?{%\s*endcomment\s*%}|{#.*?#}"
    r"|{%\s*blocktrans(?:late)?\b.*?%}.*?{%\s*endblocktrans(?:late)?\s*%}"
    # A block that fills in a class or an htmx trigger attribute ({% block main_class %}narrow
    # {% endblock %}, {% block panel_trigger %}, input delay:500ms{% endblock %}).
    r"|{%\s*block\s+\w*(?:class|trigger)\s*%}.*?{%\s*endblock\b.*?%}",
    re.S,
)
DJANGO_TAGS = re.compile(r"{%.*?%}|{{.*?}}", re.S)
HTML_SKIPPED = re.compile(r"<!--.*?-->|<script\b.*?</script>|<style\b.*?</style>", re.S | re.I)
READABLE_ATTRIBUTES = re.compile(
    r"""\b(aria-label|aria-description|aria-roledescription|title|placeholder|alt)\s*=\s*"""
    r"""("[^"]*"|'[^']*')""",
    re.I,
)
HTML_TAG = re.compile(r"<[^>]*>")
HTML_ENTITY = re.compile(r"&#?\w+;")
# Template filters whose literal argument is English text (`default:"New proposal"` must be
# `default:_("New proposal")`), and `pluralize`, which knows English plurals only.
# A literal with a space or a capital letter is text; one lower-case word is a value ("info").
ENGLISH_FILTERS = re.compile(
    r"""\|(?:default|default_if_none|yesno):"""
    r"""(?:"[^"]*(?: [^\W\d_]|[A-Z])[^"]*"|'[^']*(?: [^\W\d_]|[A-Z])[^']*')"""
    r"""|\|pluralize\b"""
)


def unmarked(text):
    """The words of ``text`` left once the untranslated names are taken out."""
    for name in sorted(UNTRANSLATED, key=len, reverse=True):
        text = text.replace(name, " ")
    return WORD.findall(HTML_ENTITY.sub(" ", text))


def line_of(source, index):
    return source.count("\n", 0, index) + 1


def unmarked_in_template(source):
    """(line, text) of each piece of text in ``source`` that no translate tag covers."""
    found = []
    for match in ENGLISH_FILTERS.finditer(source):
        found.append((line_of(source, match.start()), match[0]))

    def blank(match):  # keep the line numbers: replace by the same count of newlines
        return "\n" * match[0].count("\n") + " "

    text = DJANGO_BLOCKS.sub(blank, source)
    text = DJANGO_TAGS.sub(blank, text)
    text = HTML_SKIPPED.sub(blank, text)
    for match in READABLE_ATTRIBUTES.finditer(text):
        if unmarked(match[2]):
            found.append((line_of(text, match.start()), match[0]))
    text = HTML_TAG.sub(blank, text)
    for number, line in enumerate(text.splitlines(), start=1):
        if unmarked(line):
            found.append((number, line.strip()))
    return found


TEMPLATE_DIRS = [
    ROOT / "templates",
    *(ROOT / app / "templates" for app in ("portal", "consortia", "lots", "outbox")),
]


def portal_templates():
    for directory in TEMPLATE_DIRS:
        if directory.is_dir():
            yield from sorted(p for p in directory.rglob("*") if p.suffix in (".html", ".txt"))


def test_unmarked_text_finds_what_it_should():
    """The scan itself: text, attributes and English filters are found, marked text is not."""
    source = (
        '{% load i18n %}<p class="lead">Hello {{ name }}</p>\n'
        "<a title=\"{% translate 'Marked' %}\" aria-label=\"Close\">{% translate 'Marked' %}</a>\n"
        "{% blocktranslate trimmed %}Marked <strong>too</strong>{% endblocktranslate %}\n"
        '{{ value|default:"Nothing yet" }} {{ n }} item{{ n|pluralize }}\n'
        "<abbr>API</abbr> · PDF · Consortium Portal\n"
        "{% comment %}Notes for developers{% endcomment %}<script>let x = 'code';</script>"
    )
    assert unmarked_in_template(source) == [
        (4, '|default:"Nothing yet"'),
        (4, "|pluralize"),
        (2, 'aria-label="Close"'),
        (1, "Hello"),
        (4, "item"),
    ]


def test_every_template_text_is_marked():
    found = [
        f"  {path.relative_to(ROOT)}:{number}: {text[:100]}"
        for path in portal_templates()
        for number, text in unmarked_in_template(path.read_text(encoding="utf-8"))
    ]
    assert not found, (
        f"{len(found)} piece(s) of template text are not marked for translation (use "
        "{% translate %} or {% blocktranslate trimmed %}; add a name that never changes to "
        f"UNTRANSLATED):\n" + "\n".join(found)
    )


# Python: a string literal (not _()/gettext()) where the user reads it.
PYTHON_UNMARKED = re.compile(
    r"""messages\.(?:success|info|warning|error|add_message)\(\s*request,\s*(?:messages\.\w+,\s*)?f?["']"""
    r"""|ValidationError\(\s*f?["']"""
    r"""|\b(?:label|help_text|verbose_name|verbose_name_plural|empty_label)\s*=\s*f?["'][^\W\d_]"""
    r"""|@admin\.(?:display|action)\([^)]*description\s*=\s*f?["']"""
)
PYTHON_APPS = ("portal", "consortia", "lots", "outbox")


def test_every_python_message_is_marked():
    found = []
    for app in PYTHON_APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            source = path.read_text(encoding="utf-8")
            found += [
                f"  {path.relative_to(ROOT)}:{number}: {source.splitlines()[number - 1].strip()}"
                for m in PYTHON_UNMARKED.finditer(source)
                for number in [line_of(source, m.start())]
            ]
    assert not found, (
        f"{len(found)} user-facing string(s) in Python are not marked for translation (wrap "
        "them in gettext_lazy/gettext):\n" + "\n".join(found)
    )


# --- The catalogues are complete and compiled -------------------------------------------------

PLACEHOLDER = re.compile(r"%\((\w+)\)[#0 +-]?\d*(?:\.\d+)?[sdifr]|%[sdif]|{\w*}")


def placeholders(text):
    return sorted(match[0] for match in PLACEHOLDER.finditer(text))


@pytest.mark.parametrize("language", LANGUAGES)
def test_catalogue_is_complete_without_fuzzy_entries(language):
    path = committed_po(language)
    assert path.exists(), f"{path.relative_to(ROOT)} is missing: run `make messages`"
    entries = read_po(path)
    untranslated = [e for e in entries if not all(e["msgstr"])]
    fuzzy = [e for e in entries if "fuzzy" in e["flags"]]
    assert not untranslated, (
        f"{len(untranslated)} message(s) of {path.relative_to(ROOT)} have no translation:\n"
        + describe(map(key, untranslated))
    )
    assert not fuzzy, (
        f"{len(fuzzy)} message(s) of {path.relative_to(ROOT)} are fuzzy (check them, then remove "
        "the flag):\n" + describe(map(key, fuzzy))
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_translations_keep_the_placeholders_of_their_message(language):
    path = committed_po(language)
    assert path.exists(), f"{path.relative_to(ROOT)} is missing: run `make messages`"
    wrong = []
    for entry in read_po(path):
        if "msgid_plural" not in entry:
            expected = placeholders(entry["msgid"])
            if any(placeholders(form) != expected for form in entry["msgstr"] if form):
                wrong.append(f"  {entry['msgid']!r} -> {entry['msgstr'][0]!r}")
            continue
        # A singular form may leave the count out ("un jour"); the other forms keep all.
        allowed = set(placeholders(entry["msgid"])) | set(placeholders(entry["msgid_plural"]))
        forms = [form for form in entry["msgstr"] if form]
        general = placeholders(entry["msgid_plural"])
        if any(not set(placeholders(f)) <= allowed for f in forms) or (
            forms and placeholders(forms[-1]) != general
        ):
            wrong.append(f"  {entry['msgid_plural']!r} -> {forms!r}")
    assert not wrong, (
        f"{len(wrong)} translation(s) of {path.relative_to(ROOT)} change the placeholders of "
        "their message:\n" + "\n".join(wrong)
    )


@needs_gettext
@pytest.mark.parametrize("language", LANGUAGES)
def test_catalogue_passes_msgfmt_checks(language):
    path = committed_po(language)
    assert path.exists(), f"{path.relative_to(ROOT)} is missing: run `make messages`"
    result = subprocess.run(  # noqa: S603 (our own command line)
        [MSGFMT, "--check", "--statistics", "-o", "/dev/null", str(path)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert "untranslated" not in result.stderr, result.stderr
    assert "fuzzy" not in result.stderr, result.stderr


@needs_gettext
@pytest.mark.parametrize("language", LANGUAGES)
def test_committed_mo_matches_its_po(tmp_path, language):
    """The .mo files are committed (a fresh clone and the Docker image need no gettext): they
    must say what their .po says, i.e. `make messages` ran after the last change."""
    po = committed_po(language)
    mo = po.with_suffix(".mo")
    assert mo.exists(), f"{mo.relative_to(ROOT)} is missing: run `make messages` and commit it"
    fresh = tmp_path / "django.mo"
    subprocess.run(  # noqa: S603 (our own command line)
        [MSGFMT, "--check-format", "-o", str(fresh), str(po)], check=True
    )
    with mo.open("rb") as committed, fresh.open("rb") as compiled:
        assert (
            gettext.GNUTranslations(committed)._catalog
            == gettext.GNUTranslations(compiled)._catalog
        ), f"{mo.relative_to(ROOT)} is older than its .po: run `make messages`"
