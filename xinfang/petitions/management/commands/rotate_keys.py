"""``xinfang rotate-keys``: add a data key, make it current, re-encrypt every row in batches.

Old keys stay in the ring, so every record stays readable during and after the run; a run
that stops half way is simply run again with ``--reencrypt-only``. With keys from the
environment (``XINFANG_DATA_KEYS``) the command cannot change them: put the new ring in the
secret store, restart, then run ``--reencrypt-only``.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from xinfang.access import crypto
from xinfang.audit.services import audit_record
from xinfang.petitions.services import petitioners_reencrypt_all


class Command(BaseCommand):
    help = "Rotate the personal data key and re-encrypt every record (轮换个人信息加密密钥)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--reencrypt-only",
            action="store_true",
            help="Do not add a key; re-encrypt rows still under an older key.",
        )
        parser.add_argument("--batch-size", type=int, default=500)

    def handle(self, *args: Any, **options: Any) -> None:
        env, path = crypto.keyring_source()
        if not options["reencrypt_only"]:
            if env.strip():
                raise CommandError(
                    "Keys come from XINFANG_DATA_KEYS: add a new key there, make it current, "
                    "restart, then run rotate-keys --reencrypt-only "
                    "(密钥来自环境变量，请在密钥库中轮换后运行 --reencrypt-only)",
                    returncode=2,
                )
            crypto.reset_keyring_cache()
            ring = crypto.load_keyring().with_new_key()
            crypto.write_keyring_file(path, ring, replace=True)
            crypto.reset_keyring_cache()
            audit_record(
                actor="command:rotate_keys",
                action="keys.rotated",
                details={"key_id": ring.current, "keys": sorted(ring.keys)},
            )
            self.stdout.write(f"new current key {ring.current} written to {path}")
        rows = petitioners_reencrypt_all(
            actor="command:rotate_keys", batch_size=options["batch_size"]
        )
        self.stdout.write(
            f"re-encrypted {rows} petitioner rows with key {crypto.load_keyring().current}"
        )
