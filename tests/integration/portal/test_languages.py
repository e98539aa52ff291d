"""The languages users chose: saved once per user, read back for pages and emails."""

import pytest

from portal.languages import languages_by_email, save_language, saved_language, supported
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_a_choice_is_saved_once_and_changed_in_place():
    user = UserFactory()
    assert saved_language(user) is None
    save_language(user, "fr")
    save_language(user, "de")
    assert saved_language(user) == "de"
    assert user.language_preference.language == "de"


def test_regional_codes_map_to_the_portals_language_and_unknown_ones_are_ignored():
    user = UserFactory()
    assert supported("fr-BE") == "fr"
    save_language(user, "pl")
    assert saved_language(user) is None


def test_languages_by_email_names_only_users_who_chose(django_assert_num_queries):
    chose, silent = UserFactory(email="Ana@Example.org"), UserFactory()
    save_language(chose, "de")
    with django_assert_num_queries(1):
        found = languages_by_email(["ana@example.org", silent.email, "nobody@example.org"])
    assert found == {"ana@example.org": "de"}
