"""
How reader pages reach readers fast and never stale.

- ``keys``: the content keys a page shows (``article:42``, ``person:7``, ``section:3:articles``).
- ``changes``: which keys a saved or deleted row touches, purged once the transaction commits.
- ``purge``: the one purge interface, fanned out to every configured cache tier.
- ``lifetimes``: how long a page may be cached, ending at its next scheduled change.
- ``pagecache``: complete pages for anonymous readers, stale by key.
"""
