"""The mandate is a legal text per language: a partner reads and confirms the newest version in
their language, and the membership records which language that was."""

import pytest
from django.utils import translation

from consortia import services
from consortia.models import MandateText
from lots.choices import Role
from tests.factories import invitee

pytestmark = pytest.mark.django_db


def test_version_1_reads_in_each_language_with_its_placeholders():
    mandate = MandateText.objects.get(version="1")
    texts = {}
    for language in ("en", "fr", "de"):
        with translation.override(language):
            texts[language] = mandate.render(
                organisation="Lyon Metal", applicant="Berlin Welding School", acronym="WELD",
                title="Welding", call="SSA 2020",
            )  # fmt: skip

    assert texts["en"].startswith("I confirm that I am authorised to act for Lyon Metal.")
    assert texts["fr"].startswith("Je confirme être habilité(e) à agir au nom de Lyon Metal.")
    assert "partenaire à part entière" in texts["fr"]
    assert "convention de subvention" in texts["fr"]
    assert texts["de"].startswith("Ich bestätige, dass ich befugt bin, im Namen von Lyon Metal")
    assert "Finanzhilfevereinbarung" in texts["de"]
    assert all("{" not in text for text in texts.values())


def test_a_version_without_a_translation_reads_in_english():
    mandate = MandateText.objects.create(version="2", text_en="English only {organisation}.")

    with translation.override("de"):
        assert mandate.text == "English only {organisation}."
        assert mandate.language_shown() == "en"


@pytest.mark.parametrize("language", ["fr", "de", "en"])
def test_partner_confirms_in_their_language_and_it_is_recorded(
    proposal, coordinator, directory, language
):
    membership = proposal.memberships.get(role=Role.FULL_PARTNER)
    (invitation,) = services.invite_members(proposal=proposal, by=coordinator)

    with translation.override(language):
        services.accept_invitation(
            invitation=invitation,
            by=invitee(invitation.email),
            mandate_version="1",
            organisation_fields={},
        )

    membership.refresh_from_db()
    assert (membership.mandate_version, membership.mandate_language) == ("1", language)
