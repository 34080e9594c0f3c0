"""The session store: Django's database store, reading only keys it could have made.

A session cookie is whatever the browser sends. Django accepts any key of eight
characters or more and looks it up, and a quoted cookie may carry escapes such as
``"\\000"``, which PostgreSQL refuses in a query: every page would be a server error for
that browser. A key with a character Django never puts in one is no session at all.
"""

from django.contrib.sessions.backends import db
from django.contrib.sessions.backends.base import VALID_KEY_CHARS

KEY_CHARS = frozenset(VALID_KEY_CHARS)


class SessionStore(db.SessionStore):
    def _validate_session_key(self, key):
        return super()._validate_session_key(key) and KEY_CHARS.issuperset(key)
