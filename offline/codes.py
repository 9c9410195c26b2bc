"""The codes that bring work done in a pack back to the portal.

The pack's script keeps the trainee's answers and finished lessons in the browser's
``localStorage`` and turns them into a *code*: ``DP1.<base64url of JSON>.<CRC-32 of that
text>``. The pack's "Submit my answers" opens the portal's confirmation page with the code in the
query string; the trainee confirms with an ordinary same-origin POST (a cross-origin POST from a
``file://`` page would carry ``Origin: null`` and fail the CSRF check). The checksum only tells a
damaged or altered code from one that does not fit the course any more: scoring never trusts the
code (``offline.receiving`` scores it with ``courses.grading``).

Each quiz attempt in a pack has a random id made by the browser; the attempt's token is derived
from it, so the same code submitted twice is recorded once.
"""

import base64
import binascii
import hashlib
import json
import re
import zlib

from django.utils.translation import gettext as _

CODE_PREFIX = "DP1"
MAX_CODE_LENGTH = 20_000
MAX_PAYLOAD_LENGTH = MAX_CODE_LENGTH  # characters of JSON, once decoded
# The pack's payload nests five deep: {"a": [{"r": {"1": [...]}}]}.
MAX_PAYLOAD_DEPTH = 5
ATTEMPT_ID = re.compile(r"[A-Za-z0-9_-]{16,64}")
SLUG = re.compile(r"[-a-zA-Z0-9_]{1,120}")
OPTION_KEY = re.compile(r"[0-9a-f]{8}")


class InvalidCode(Exception):
    """The code cannot be read; the message says why, for the trainee."""


def crc(text):
    return f"{zlib.crc32(text.encode('ascii')) & 0xFFFFFFFF:08x}"


def encode_code(payload):
    """The code for ``payload``, as the pack's script makes it (used by tests and tools)."""
    body = base64.urlsafe_b64encode(
        json.dumps(payload, separators=(",", ":"), ensure_ascii=False).encode()
    )
    body = body.decode("ascii").rstrip("=")
    return f"{CODE_PREFIX}.{body}.{crc(body)}"


def _damaged():
    return InvalidCode(
        _("This code is damaged and cannot be read. Copy it again from your offline pack.")
    )


def decode_code(code):
    """The code's payload as a checked dict, or :class:`InvalidCode` saying what is wrong."""
    code = "".join((code or "").split())
    if not code:
        raise InvalidCode(_("Paste the code from your offline pack."))
    if len(code) > MAX_CODE_LENGTH:
        raise InvalidCode(_("This code is too long to come from an offline pack."))
    parts = code.split(".")
    if len(parts) != 3 or parts[0] != CODE_PREFIX:
        raise InvalidCode(
            _("This is not a code from an offline pack. It starts with “%(prefix)s.”.")
            % {"prefix": CODE_PREFIX}
        )
    body, checksum = parts[1], parts[2]
    if not re.fullmatch(r"[A-Za-z0-9_-]+", body) or crc(body) != checksum.lower():
        raise InvalidCode(
            _(
                "This code is incomplete or was altered after the pack made it. Copy the whole "
                "code again from your offline pack."
            )
        )
    try:
        text = base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)).decode()
    except (binascii.Error, ValueError):  # UnicodeDecodeError included
        raise _damaged() from None
    if len(text) > MAX_PAYLOAD_LENGTH or json_depth(text) > MAX_PAYLOAD_DEPTH:
        raise _damaged()
    try:
        payload = json.loads(text)
    except ValueError:
        raise _damaged() from None
    check_payload(payload)
    return payload


def json_depth(text):
    """How deeply arrays and objects nest in JSON ``text``, counted without parsing it, so
    that a code nesting thousands deep is refused before the parser recurses into it."""
    depth = deepest = 0
    in_string = escaped = False
    for character in text:
        if in_string:
            if escaped:
                escaped = False
            elif character == "\\":
                escaped = True
            elif character == '"':
                in_string = False
        elif character == '"':
            in_string = True
        elif character in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif character in "]}":
            depth -= 1
    return deepest


def _is_str_list(value, *, limit, pattern):
    return (
        isinstance(value, list)
        and len(value) <= limit
        and all(isinstance(item, str) and pattern.fullmatch(item) for item in value)
    )


def check_payload(payload):
    """Refuse anything that is not the shape the pack's script makes."""
    if not isinstance(payload, dict) or set(payload) - {"c", "v", "l", "a"}:
        raise _damaged()
    if not isinstance(payload.get("c"), str) or not SLUG.fullmatch(payload["c"]):
        raise _damaged()
    if not isinstance(payload.get("v", ""), str) or len(payload.get("v", "")) > 20:
        raise _damaged()
    if not _is_str_list(payload.get("l", []), limit=200, pattern=SLUG):
        raise _damaged()
    attempts = payload.get("a", [])
    if not isinstance(attempts, list) or len(attempts) > 200:
        raise _damaged()
    for attempt in attempts:
        if not isinstance(attempt, dict) or set(attempt) != {"q", "i", "r"}:
            raise _damaged()
        if not isinstance(attempt["q"], str) or not SLUG.fullmatch(attempt["q"]):
            raise _damaged()
        if not isinstance(attempt["i"], str) or not ATTEMPT_ID.fullmatch(attempt["i"]):
            raise _damaged()
        responses = attempt["r"]
        if not isinstance(responses, dict) or not 0 < len(responses) <= 200:
            raise _damaged()
        for position, keys in responses.items():
            if not position.isdigit() or not _is_str_list(keys, limit=50, pattern=OPTION_KEY):
                raise _damaged()


def attempt_token(*, user, quiz, attempt_id):
    """The attempt's token: the same pack attempt by the same trainee always gives the same."""
    digest = hashlib.sha256(f"{user.pk}:{quiz.pk}:{attempt_id}".encode()).hexdigest()
    return f"offline-{digest[:56]}"
