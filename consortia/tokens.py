"""Invitation link tokens: signed in the link (so that an altered link is told apart from an
unknown one), and stored only as their SHA-256. An emailed invitation's token is derived from
the invitation with the SECRET_KEY, so that every attempt to send it carries the same link;
a copied link's token is random (it is shown once)."""

import hashlib
import secrets

from django.core import signing
from django.utils.crypto import salted_hmac

SALT = "consortia.invitation"


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def signed(raw: str) -> str:
    return signing.Signer(salt=SALT).sign(raw)


def new_token() -> tuple[str, str]:
    """A signed random token for the link, and the hash to store."""
    raw = secrets.token_urlsafe(32)
    return signed(raw), hash_token(raw)


def derived_token(invitation_id: int, created_at_iso: str) -> tuple[str, str]:
    """The signed token of an emailed invitation, and the hash to store: the same for every
    sending of that invitation."""
    raw = salted_hmac(SALT, f"{invitation_id}:{created_at_iso}", algorithm="sha256").hexdigest()
    return signed(raw), hash_token(raw)


def token_hash(token: str) -> str:
    """The stored hash a link's token stands for; ``signing.BadSignature`` if it was altered."""
    return hash_token(signing.Signer(salt=SALT).unsign(token))
