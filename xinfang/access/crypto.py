"""Field encryption of personal data and the blind index (细则第十一条第八项).

Ciphertexts are ``xf1:<kid>:<base64url(nonce || AES-256-GCM ciphertext and tag)>``: the key
id travels with each value, so a key ring with old and new keys reads every row while
``xinfang rotate-keys`` re-encrypts. The associated data binds a ciphertext to its field and
row; a value copied into another column or another row does not decrypt.

The key ring lives outside the database: the ``XINFANG_DATA_KEYS`` environment variable (JSON)
or a file (``XINFANG_DATA_KEYS_FILE``, mode 0600). Its shape::

    {"current": "k1", "keys": {"k1": "<base64 of 32 bytes>"}, "index_key": "<base64>"}

``index_key`` is a separate HMAC-SHA256 key for the blind index, which allows exact lookup
(ID number, phone) without storing the value.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import os
import re
import secrets
import threading
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

PREFIX = "xf1"
KEY_BYTES = 32
NONCE_BYTES = 12
KID_RE = re.compile(r"^[A-Za-z0-9_-]{1,40}$")


class DecryptionError(Exception):
    """A ciphertext is malformed, names an unknown key, or fails authentication."""


@dataclass(frozen=True)
class KeyRing:
    """Data keys by id, the id of the current one, and the separate blind-index key."""

    current: str
    keys: dict[str, bytes] = field(repr=False)
    index_key: bytes = field(repr=False)

    def as_document(self) -> dict[str, Any]:
        """The JSON document form (base64 keys), as stored in the key file."""
        return {
            "current": self.current,
            "keys": {kid: _b64(key) for kid, key in self.keys.items()},
            "index_key": _b64(self.index_key),
        }

    def with_new_key(self) -> KeyRing:
        """The same ring plus a fresh data key, which becomes current."""
        kid = new_key_id()
        while kid in self.keys:
            kid = new_key_id()
        keys = dict(self.keys)
        keys[kid] = AESGCM.generate_key(bit_length=256)
        return KeyRing(current=kid, keys=keys, index_key=self.index_key)


def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii")


def _key_from_b64(text: Any, what: str) -> bytes:
    try:
        raw = base64.b64decode(str(text), validate=True)
    except (binascii.Error, ValueError) as exc:
        raise ImproperlyConfigured(f"{what} is not valid base64 (密钥不是有效的 base64)") from exc
    if len(raw) != KEY_BYTES:
        raise ImproperlyConfigured(f"{what} must be {KEY_BYTES} bytes (密钥长度应为 32 字节)")
    return raw


def keyring_from_document(document: Any) -> KeyRing:
    """Validate and decode a key ring document."""
    if not isinstance(document, dict) or not isinstance(document.get("keys"), dict):
        raise ImproperlyConfigured(
            'The data key ring must be {"current": ..., "keys": {...}, "index_key": ...} '
            "(个人信息密钥格式错误)"
        )
    keys: dict[str, bytes] = {}
    for kid, text in document["keys"].items():
        if not KID_RE.match(str(kid)):
            raise ImproperlyConfigured(f"Bad key id {kid!r} (密钥标识无效)")
        keys[str(kid)] = _key_from_b64(text, f"Data key {kid}")
    current = str(document.get("current", ""))
    if current not in keys:
        raise ImproperlyConfigured("The current data key is not in the key ring (当前密钥不存在)")
    index_key = _key_from_b64(document.get("index_key", ""), "The blind index key")
    if any(hmac.compare_digest(index_key, key) for key in keys.values()):
        raise ImproperlyConfigured("The blind index key must differ from every data key")
    return KeyRing(current=current, keys=keys, index_key=index_key)


def new_key_id() -> str:
    """A fresh key id naming the moment it was made."""
    return "k" + datetime.now(UTC).strftime("%Y%m%d%H%M%S") + secrets.token_hex(2)


def generate_keyring() -> KeyRing:
    """A new ring with one data key and an index key."""
    return KeyRing(current="", keys={}, index_key=secrets.token_bytes(KEY_BYTES)).with_new_key()


def write_keyring_file(path: Path, ring: KeyRing, *, replace: bool) -> bool:
    """Write the ring to ``path`` with mode 0600, atomically.

    With ``replace=False`` the file is only created if absent (another process may win the
    race; its ring is then used). Returns whether this call wrote the file.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(ring.as_document(), handle, indent=2, sort_keys=True)
            handle.flush()
            os.fsync(handle.fileno())
        if replace:
            os.replace(tmp, path)
            return True
        try:
            os.link(tmp, path)
        except FileExistsError:
            return False
        return True
    finally:
        tmp.unlink(missing_ok=True)


def _read_keyring_file(path: Path) -> KeyRing:
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ImproperlyConfigured(
            f"Cannot read the data key file {path} (无法读取个人信息密钥文件)"
        ) from exc
    try:
        return keyring_from_document(document)
    except ImproperlyConfigured as exc:
        raise ImproperlyConfigured(f"XINFANG_DATA_KEYS_FILE {path}: {exc}") from exc


_cache: dict[tuple[str, str], KeyRing] = {}
_lock = threading.Lock()


def keyring_source() -> tuple[str, Path]:
    """The environment JSON (may be empty) and the key file path, from settings."""
    return (
        str(getattr(settings, "XINFANG_DATA_KEYS", "") or ""),
        Path(
            getattr(settings, "XINFANG_DATA_KEYS_FILE", Path(settings.BASE_DIR) / "var/keys.json")
        ),
    )


def load_keyring() -> KeyRing:
    """The configured key ring: from the environment, else the file (created if allowed)."""
    env, path = keyring_source()
    cache_key = (env, str(path))
    with _lock:
        ring = _cache.get(cache_key)
        if ring is not None:
            return ring
        if env.strip():
            try:
                ring = keyring_from_document(json.loads(env))
            except ValueError as exc:
                raise ImproperlyConfigured("XINFANG_DATA_KEYS is not valid JSON") from exc
            except ImproperlyConfigured as exc:
                raise ImproperlyConfigured(f"XINFANG_DATA_KEYS: {exc}") from exc
        elif path.is_file():
            ring = _read_keyring_file(path)
        elif getattr(settings, "XINFANG_DATA_KEYS_AUTOCREATE", False):
            write_keyring_file(path, generate_keyring(), replace=False)
            ring = _read_keyring_file(path)
        else:
            raise ImproperlyConfigured(
                "No data keys: set XINFANG_DATA_KEYS or provide XINFANG_DATA_KEYS_FILE "
                "(未配置个人信息加密密钥)"
            )
        _cache[cache_key] = ring
        return ring


def reset_keyring_cache() -> None:
    """Forget loaded rings (after rotation, or when tests change the settings)."""
    with _lock:
        _cache.clear()


def encrypt(plaintext: str, *, aad: str, ring: KeyRing | None = None) -> str:
    """Encrypt with the current key; the empty string stays empty (nothing to protect)."""
    if plaintext == "":
        return ""
    ring = ring or load_keyring()
    nonce = secrets.token_bytes(NONCE_BYTES)
    sealed = AESGCM(ring.keys[ring.current]).encrypt(
        nonce, plaintext.encode("utf-8"), aad.encode("utf-8")
    )
    body = base64.urlsafe_b64encode(nonce + sealed).decode("ascii").rstrip("=")
    return f"{PREFIX}:{ring.current}:{body}"


def key_id_of(token: str) -> str:
    """The key id a ciphertext names ('' for an empty value)."""
    if token == "":
        return ""
    parts = token.split(":", 2)
    if len(parts) != 3 or parts[0] != PREFIX:
        raise DecryptionError("not an xinfang ciphertext")
    return parts[1]


def decrypt(token: str, *, aad: str, ring: KeyRing | None = None) -> str:
    """Decrypt a value written by ``encrypt`` with any key still in the ring."""
    if token == "":
        return ""
    ring = ring or load_keyring()
    kid = key_id_of(token)
    key = ring.keys.get(kid)
    if key is None:
        raise DecryptionError(f"unknown key id {kid}")
    body = token.split(":", 2)[2]
    try:
        raw = base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))
        plain = AESGCM(key).decrypt(raw[:NONCE_BYTES], raw[NONCE_BYTES:], aad.encode("utf-8"))
    except (InvalidTag, ValueError, binascii.Error) as exc:
        raise DecryptionError("ciphertext failed authentication") from exc
    return plain.decode("utf-8")


def blind_index(normalised: str, *, purpose: str, ring: KeyRing | None = None) -> str:
    """HMAC-SHA256 of an already normalised value, separated by purpose ('' stays '')."""
    if normalised == "":
        return ""
    ring = ring or load_keyring()
    message = f"{purpose}\x00{normalised}".encode()
    return hmac.new(ring.index_key, message, hashlib.sha256).hexdigest()
