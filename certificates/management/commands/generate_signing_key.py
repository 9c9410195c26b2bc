import os

from django.core.management.base import BaseCommand, CommandError

from certificates import signing


class Command(BaseCommand):
    help = (
        "Create the Ed25519 key that signs certificates, in CERTIFICATE_SIGNING_KEY_FILE "
        "(default var/certificate_signing_key.pem). Does nothing when a key exists or "
        "CERTIFICATE_SIGNING_KEY is set. Never commit the key."
    )

    def handle(self, *args, **options):
        if signing.key_from_environment():
            self.stdout.write("The signing key comes from CERTIFICATE_SIGNING_KEY: nothing to do.")
            return
        path = signing.key_file()
        if path.exists():
            try:
                key = signing.signing_key()
            except (signing.SigningKeyMissing, ValueError) as error:
                raise CommandError(f"{path} exists but is not a usable key: {error}") from error
            self.stdout.write(
                f"A signing key exists at {path} (key {signing.key_id(key.public_key())}): "
                "nothing to do."
            )
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        pem = signing.new_private_key_pem()
        # Created readable by its owner only, and never over an existing file.
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "wb") as file:
            file.write(pem)
        key = signing.signing_key()
        self.stdout.write(
            self.style.SUCCESS(
                f"Created the certificate signing key {path} "
                f"(key {signing.key_id(key.public_key())}). Keep it secret and back it up: "
                "certificates signed with it verify only with its public key."
            )
        )
