"""Certificates that verify without a connection: a signed statement and a QR code.

Each certificate has a *statement*: its code, course, date and the name on it, as canonical JSON
(sorted keys, no spaces, UTF-8). The portal signs those bytes with its Ed25519 key; Ed25519
signatures are deterministic, so the signature is made when it is shown and never stored. Anyone
holding the public key (published at ``/certificates/public-key.pem``) can check a statement and
its signature offline: see ``manage.py verify_certificate`` and the README.

The private key comes from ``CERTIFICATE_SIGNING_KEY`` (base64 of the 32 raw bytes) or from the
PEM file named by ``CERTIFICATE_SIGNING_KEY_FILE`` (default ``var/certificate_signing_key.pem``,
made by ``manage.py generate_signing_key``). Both are read from Django's settings when set
there, otherwise from the environment.
"""

import base64
import binascii
import hashlib
import io
import json
import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import segno
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.conf import settings

from accounts.models import printable_name

DEFAULT_KEY_FILE = Path("var") / "certificate_signing_key.pem"
STATEMENT_FIELDS = ("code", "course", "date", "name")


class SigningKeyMissing(Exception):
    """The portal has no certificate signing key: run ``manage.py generate_signing_key``."""


def _setting(name):
    if hasattr(settings, name):
        return getattr(settings, name)
    return os.environ.get(name)


def key_file():
    path = Path(_setting("CERTIFICATE_SIGNING_KEY_FILE") or DEFAULT_KEY_FILE)
    return path if path.is_absolute() else Path(settings.BASE_DIR) / path


def key_from_environment():
    """The raw base64 key given in ``CERTIFICATE_SIGNING_KEY``, or None."""
    return (_setting("CERTIFICATE_SIGNING_KEY") or "").strip() or None


@lru_cache(maxsize=4)
def _load(raw_key, path, mtime):
    if raw_key:
        try:
            return Ed25519PrivateKey.from_private_bytes(base64.b64decode(raw_key, validate=True))
        except (binascii.Error, ValueError) as error:
            raise SigningKeyMissing(
                "CERTIFICATE_SIGNING_KEY is not the base64 of a 32-byte Ed25519 key."
            ) from error
    key = serialization.load_pem_private_key(Path(path).read_bytes(), password=None)
    if not isinstance(key, Ed25519PrivateKey):
        raise SigningKeyMissing(f"{path} does not hold an Ed25519 private key.")
    return key


def signing_key():
    """The portal's private key. Raises :class:`SigningKeyMissing` when there is none."""
    raw_key = key_from_environment()
    if raw_key:
        return _load(raw_key, None, None)
    path = key_file()
    try:
        mtime = path.stat().st_mtime_ns
    except FileNotFoundError:
        raise SigningKeyMissing(
            f"No certificate signing key: set CERTIFICATE_SIGNING_KEY or run "
            f"`manage.py generate_signing_key` to create {path}."
        ) from None
    return _load(None, str(path), mtime)


def public_key():
    return signing_key().public_key()


def public_key_pem(key=None):
    key = key or public_key()
    return key.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    ).decode("ascii")


def public_key_raw(key=None):
    key = key or public_key()
    return key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def public_key_base64(key=None):
    return base64.b64encode(public_key_raw(key)).decode("ascii")


def key_id(key=None):
    """A short fingerprint of the public key, to tell keys apart after a change of key."""
    return hashlib.sha256(public_key_raw(key)).hexdigest()[:16]


def new_private_key_pem():
    key = Ed25519PrivateKey.generate()
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )


# Statements


def canonical(data):
    """The one byte string that is signed and verified for ``data``."""
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def statement_data(certificate):
    return {
        "code": certificate.code,
        "course": certificate.course.title,
        "date": certificate.issued_at.date().isoformat(),
        # a name kept before refused characters were refused is signed without them
        "name": printable_name(certificate.name),
    }


def statement_text(certificate):
    return canonical(statement_data(certificate)).decode()


def sign(statement, key=None):
    """Base64 of the Ed25519 signature of ``statement`` (text, signed as UTF-8)."""
    key = key or signing_key()
    return base64.b64encode(key.sign(statement.encode())).decode("ascii")


def verify(statement, signature, key):
    """True when ``signature`` (base64) is ``key``'s signature of ``statement`` (text)."""
    if not isinstance(statement, str) or not isinstance(signature, str):
        return False
    try:
        raw = base64.b64decode(signature.strip(), validate=True)
        key.verify(raw, statement.encode())
    except (binascii.Error, ValueError, InvalidSignature):
        return False
    return True


def load_public_key_pem(data):
    key = serialization.load_pem_public_key(data)
    if not isinstance(key, Ed25519PublicKey):
        raise ValueError("not an Ed25519 public key")
    return key


@dataclass
class Seal:
    """What a certificate page shows about its signature."""

    statement: str
    signature: str | None
    key_id: str | None
    signed: bool  # the portal has a key and its signature of the record verifies
    offered: bool = False  # the visitor brought a statement and signature to check
    offered_valid: bool = False  # the portal's key signed it, and it is about this certificate
    offered_matches: bool = False  # it says exactly what the record says now

    @property
    def valid(self):
        """Genuine: the record's signature verifies and, if the visitor brought a statement and
        signature, the portal signed that statement and it names this certificate. (A statement
        signed before, say, a course was renamed stays valid; the page shows the difference.)"""
        if self.offered:
            return self.signed and self.offered_valid
        return self.signed


def seal_for(certificate, *, offered_statement=None, offered_signature=None):
    statement = statement_text(certificate)
    try:
        key = signing_key()
    except SigningKeyMissing:
        key = None
    signature = sign(statement, key) if key else None
    seal = Seal(
        statement=statement,
        signature=signature,
        key_id=key_id(key.public_key()) if key else None,
        signed=bool(key) and verify(statement, signature, key.public_key()),
    )
    if offered_statement is not None or offered_signature is not None:
        seal.offered = True
        offered_statement = (offered_statement or "").strip()
        seal.offered_valid = (
            bool(key)
            and verify(offered_statement, offered_signature or "", key.public_key())
            and statement_code(offered_statement) == certificate.code
        )
        seal.offered_matches = offered_statement == statement
    return seal


def statement_code(statement):
    """The certificate code a statement names, or None when it is not a statement."""
    try:
        data = json.loads(statement)
    except ValueError:
        return None
    return data.get("code") if isinstance(data, dict) else None


# QR codes


def qr_svg(url):
    """An SVG QR code of ``url``, to inline in a page: no style attribute, no script."""
    out = io.BytesIO()
    segno.make(url, error="m").save(
        out,
        kind="svg",
        xmldecl=False,
        svgns=True,
        nl=False,
        scale=1,
        border=4,
        svgclass="qr-code",
        omitsize=True,
        lineclass=None,
        title=None,
    )
    return out.getvalue().decode("utf-8")
