"""Making and recognising API tokens. A token is `altprov_<prefix>_<secret>`: the prefix (8
characters) is stored in clear to recognise the client, the whole token only as its SHA-256."""

from __future__ import annotations

import hashlib
import secrets

PREFIX = "altprov_"


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_token() -> tuple[str, str]:
    """(token, prefix): 32 random bytes, so the hash needs no salt and no slow function."""
    prefix = PREFIX + secrets.token_hex(4)
    return f"{prefix}_{secrets.token_urlsafe(32)}", prefix
