"""One list of kinds: the engine's codes and nouns, the labels people read, the choices."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from lots.choices import (
    KIND_LABELS,
    RETIRED_KIND_LABELS,
    OrganisationKind,
    Role,
    kind_label,
    labelled,
)
from lots.kinds import RETIRED
from lots.rules import KIND_NOUNS, KINDS, ROLES


def test_kinds_nouns_labels_and_choices_agree():
    assert (list(KIND_NOUNS), list(KIND_LABELS), OrganisationKind.values) == (
        list(KINDS),
        list(KINDS),
        list(KINDS),
    )


def test_retired_kinds_have_a_label_and_successors_among_the_kinds():
    assert (set(RETIRED_KIND_LABELS), set(RETIRED) & set(KINDS)) == (set(RETIRED), set())
    assert all(set(successors) <= set(KINDS) for successors in RETIRED.values())


def test_kinds_are_named_by_their_codes():
    assert (
        OrganisationKind.ENTERPRISE,
        OrganisationKind.EMPLOYERS_ORGANISATION.label,
        OrganisationKind.TRADE_UNION.label,
    ) == ("enterprise", "Employers' organisation", "Trade union")


def test_roles_are_the_engines():
    assert Role.values == list(ROLES)


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("trade_union", "Trade union"),
        ("social_partner", "Social partner"),
        ("unheard_of", "unheard_of"),
    ],
    ids=["current", "retired", "unknown"],
)
def test_kind_label_reads_current_and_retired_kinds(code, expected):
    assert kind_label(code) == expected


@pytest.mark.parametrize(
    ("labels", "expected"),
    [
        ({"a": "A"}, r"Kinds without a label: \['b'\]; labels without a kind: \[\]\."),
        ({"a": "A", "b": "B", "c": "C"}, r"without a label: \[\]; labels without a kind: \['c'\]"),
    ],
    ids=["code-without-label", "label-without-code"],
)
def test_labelled_refuses_lists_that_drift_apart(labels, expected):
    with pytest.raises(ImproperlyConfigured, match=expected):
        labelled(["a", "b"], labels)


def test_labelled_keeps_the_order_of_the_codes():
    assert labelled(["b", "a"], {"a": "A", "b": "B"}) == [("b", "B"), ("a", "A")]
