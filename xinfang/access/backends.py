"""Signing in and the signed-in user: Django's model backend, its per-request read compiled
once.

Every signed-in request reads the user by the id its session holds; ``get_user`` reads it
with ``xinfang.prepared.prepared_get``, which builds the same ``User`` the ORM would, with the
same check (an inactive account is no user). Password checks and permissions are Django's.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import backends, get_user_model
from django.core.exceptions import ValidationError

from xinfang.prepared import prepared_get


class ModelBackend(backends.ModelBackend):
    def get_user(self, user_id: Any) -> Any:
        model = get_user_model()
        try:
            pk = model._meta.pk.to_python(user_id)
        except ValidationError:
            return None
        if not isinstance(pk, int):
            return super().get_user(user_id)
        user = prepared_get(model, pk=pk)
        if user is None:
            return None
        return user if self.user_can_authenticate(user) else None
