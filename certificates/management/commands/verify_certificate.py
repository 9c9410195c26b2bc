import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from certificates import signing


class Command(BaseCommand):
    help = (
        "Check a certificate's signed statement offline, with only the portal's public key. "
        "Give the statement and signature, or a file holding both (the JSON that "
        "/certificates/<code>.json returns). Exits with an error when the check fails."
    )

    def add_arguments(self, parser):
        parser.add_argument("--statement", help="The statement, exactly as printed (JSON).")
        parser.add_argument("--signature", help="The signature (base64).")
        parser.add_argument(
            "--file", type=Path, help="A JSON file with 'statement' and 'signature'."
        )
        parser.add_argument(
            "--public-key",
            type=Path,
            help="The portal's public key (PEM, from /certificates/public-key.pem). "
            "Default: the public half of this portal's own signing key.",
        )

    def handle(self, *args, statement, signature, file, public_key, **options):
        if file is not None:
            try:
                data = json.loads(file.read_text(encoding="utf-8"))
                statement, signature = data["statement"], data["signature"]
            except (OSError, ValueError, KeyError, TypeError) as error:
                raise CommandError(
                    f"{file} is not a JSON file with a statement and a signature: {error}"
                ) from error
        if not statement or not signature:
            raise CommandError("Give --statement and --signature, or --file.")
        key = self.public_key(public_key)
        if not signing.verify(statement, signature, key):
            raise CommandError("NOT VALID: the signature does not match this statement and key.")
        details = json.loads(statement)
        self.stdout.write(self.style.SUCCESS("VALID: signed by the portal's key."))
        for name in signing.STATEMENT_FIELDS:
            self.stdout.write(f"  {name}: {details.get(name)}")

    def public_key(self, path):
        if path is None:
            try:
                return signing.public_key()
            except signing.SigningKeyMissing as error:
                raise CommandError(f"{error} Or give --public-key.") from error
        try:
            return signing.load_public_key_pem(path.read_bytes())
        except (OSError, ValueError) as error:
            raise CommandError(f"{path} is not an Ed25519 public key in PEM: {error}") from error
