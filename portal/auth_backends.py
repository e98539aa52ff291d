"""Authentication backends that read the signed-in user from the shared cache: a signed-in
request then costs no query for its user (and none for its session, with the cached_db
session engine). A change to the user (a new password, deactivation, a new email) removes the
cached copy at once and again on commit; ``USER_SECONDS`` bounds how long a change the cache
missed (Redis unreachable at that moment) can go unseen."""

from typing import Any

from allauth.account.auth_backends import AuthenticationBackend
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save

USER_SECONDS = 300


def user_key(user_id: Any) -> str:
    return f"auth:user:{user_id}"


class CachedUserMixin:
    def get_user(self, user_id: Any) -> AbstractBaseUser | None:
        key = user_key(user_id)
        user = cache.get(key)
        if user is None:
            user = get_user_model()._default_manager.filter(pk=user_id).first()
            if user is None:
                return None
            cache.set(key, user, USER_SECONDS)
        return user if self.user_can_authenticate(user) else None  # type: ignore[attr-defined]


class CachedModelBackend(CachedUserMixin, ModelBackend):
    pass


class CachedAllauthBackend(CachedUserMixin, AuthenticationBackend):
    pass


def forget_user(instance: AbstractBaseUser, **kwargs: Any) -> None:
    key = user_key(instance.pk)
    cache.delete(key)
    transaction.on_commit(lambda: cache.delete(key))


def connect() -> None:
    model = get_user_model()
    post_save.connect(forget_user, sender=model, dispatch_uid="forget-cached-user")
    post_delete.connect(forget_user, sender=model, dispatch_uid="forget-cached-user-deleted")
