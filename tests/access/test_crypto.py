"""AES-GCM field encryption: key id in each value, AAD binds field and row, keys outside the DB."""

from __future__ import annotations

import json
import os
import stat

import pytest
from django.core.exceptions import ImproperlyConfigured

from xinfang.access import crypto


@pytest.fixture
def ring() -> crypto.KeyRing:
    return crypto.generate_keyring()


def test_round_trip_carries_the_key_id(ring):
    token = crypto.encrypt("张三丰", aad="petitioner:1:name", ring=ring)
    assert token.startswith(f"xf1:{ring.current}:")
    assert "张三丰" not in token
    assert crypto.decrypt(token, aad="petitioner:1:name", ring=ring) == "张三丰"


def test_same_value_encrypts_differently_each_time(ring):
    a = crypto.encrypt("13800138000", aad="x", ring=ring)
    b = crypto.encrypt("13800138000", aad="x", ring=ring)
    assert a != b


@pytest.mark.parametrize("aad", ["petitioner:1:phone", "petitioner:2:name"])
def test_a_value_moved_to_another_field_or_row_does_not_decrypt(ring, aad):
    token = crypto.encrypt("张三丰", aad="petitioner:1:name", ring=ring)
    with pytest.raises(crypto.DecryptionError):
        crypto.decrypt(token, aad=aad, ring=ring)


def test_tampered_ciphertext_is_refused(ring):
    token = crypto.encrypt("张三丰", aad="a", ring=ring)
    body = token.rsplit(":", 1)[1]
    flipped = body[:-2] + ("A" if body[-2] != "A" else "B") + body[-1]
    with pytest.raises(crypto.DecryptionError):
        crypto.decrypt(token.rsplit(":", 1)[0] + ":" + flipped, aad="a", ring=ring)


def test_old_keys_still_decrypt_after_a_new_key_is_added(ring):
    old = crypto.encrypt("旧值", aad="a", ring=ring)
    newer = ring.with_new_key()
    assert newer.current != ring.current
    assert crypto.decrypt(old, aad="a", ring=newer) == "旧值"
    assert crypto.key_id_of(crypto.encrypt("新值", aad="a", ring=newer)) == newer.current


def test_unknown_key_id_is_refused(ring):
    token = crypto.encrypt("x", aad="a", ring=ring)
    other = crypto.generate_keyring()
    with pytest.raises(crypto.DecryptionError):
        crypto.decrypt(token, aad="a", ring=other)


def test_blind_index_is_keyed_and_separated_by_purpose(ring):
    a = crypto.blind_index("13800138000", purpose="phone", ring=ring)
    assert a == crypto.blind_index("13800138000", purpose="phone", ring=ring)
    assert a != crypto.blind_index("13800138000", purpose="id", ring=ring)
    assert a != crypto.blind_index("13800138000", purpose="phone", ring=crypto.generate_keyring())
    assert crypto.blind_index("", purpose="phone", ring=ring) == ""


def test_key_file_is_created_with_mode_0600(tmp_path, settings):
    settings.XINFANG_DATA_KEYS = ""
    settings.XINFANG_DATA_KEYS_FILE = tmp_path / "keys.json"
    settings.XINFANG_DATA_KEYS_AUTOCREATE = True
    crypto.reset_keyring_cache()
    try:
        ring = crypto.load_keyring()
        mode = stat.S_IMODE(os.stat(tmp_path / "keys.json").st_mode)
        assert mode == 0o600
        document = json.loads((tmp_path / "keys.json").read_text())
        assert document["current"] == ring.current
    finally:
        crypto.reset_keyring_cache()


def test_without_keys_and_without_autocreate_loading_refuses(tmp_path, settings):
    settings.XINFANG_DATA_KEYS = ""
    settings.XINFANG_DATA_KEYS_FILE = tmp_path / "missing.json"
    settings.XINFANG_DATA_KEYS_AUTOCREATE = False
    crypto.reset_keyring_cache()
    try:
        with pytest.raises(ImproperlyConfigured):
            crypto.load_keyring()
    finally:
        crypto.reset_keyring_cache()


def test_keys_from_the_environment_variable(settings, ring):
    settings.XINFANG_DATA_KEYS = json.dumps(ring.as_document())
    crypto.reset_keyring_cache()
    try:
        assert crypto.load_keyring().current == ring.current
    finally:
        crypto.reset_keyring_cache()


@pytest.mark.parametrize(
    "document",
    [
        {"current": "k1", "keys": {"k1": "short"}, "index_key": "x"},
        {"current": "k2", "keys": {}, "index_key": ""},
        ["not", "an", "object"],
    ],
)
def test_malformed_key_rings_are_refused(document):
    with pytest.raises(ImproperlyConfigured):
        crypto.keyring_from_document(document)
