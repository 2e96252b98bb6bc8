"""Sessions in the database, Django's store with its per-request read compiled once
(``SESSION_ENGINE``; ``xinfang.prepared.prepared_get``): every signed-in request loads its
session by key."""

from __future__ import annotations

from typing import Any

from django.contrib.sessions.backends import db
from django.utils import timezone

from xinfang.prepared import prepared_get


class SessionStore(db.SessionStore):
    def _get_session_from_db(self) -> Any:
        key = self.session_key
        found = None
        if key is not None:
            found = prepared_get(self.model, session_key=key, expire_date__gt=timezone.now())
        if found is None:
            self._session_key = None
        return found
