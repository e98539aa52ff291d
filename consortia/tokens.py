"""Invitation link tokens: random, signed in the link (so that an altered link is told apart
from an unknown one), and stored only as their SHA-256."""

import hashlib
import secrets

from django.core import signing

SALT = "consortia.invitation"


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def new_token() -> tuple[str, str]:
    """A signed random token for the link, and the hash to store."""
    raw = secrets.token_urlsafe(32)
    return signing.Signer(salt=SALT).sign(raw), hash_token(raw)


def token_hash(token: str) -> str:
    """The stored hash a link's token stands for; ``signing.BadSignature`` if it was altered."""
    return hash_token(signing.Signer(salt=SALT).unsign(token))
