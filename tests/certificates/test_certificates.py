"""Certificates that verify offline: a signed canonical statement, a QR code, three checks."""

import base64
import json
import re
import stat
from http import HTTPStatus

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat
from django.core.management import CommandError, call_command
from django.urls import reverse
from model_bakery import baker

from certificates import signing


@pytest.fixture
def key_file(settings, tmp_path):
    """A signing key made by the management command in a temporary folder."""
    settings.CERTIFICATE_SIGNING_KEY = ""
    settings.CERTIFICATE_SIGNING_KEY_FILE = str(tmp_path / "var" / "signing.pem")
    call_command("generate_signing_key", verbosity=0)
    return tmp_path / "var" / "signing.pem"


@pytest.fixture
def certificate(key_file, course, trainee_factory):
    return baker.make(
        "certificates.Certificate", user=trainee_factory("amina"), course=course, name="Amina Ké"
    )


def statement_and_signature(client, certificate):
    data = client.get(reverse("certificates:certificate_json", args=[certificate.code])).json()
    return data["statement"], data["signature"]


def tampered(statement):
    return statement.replace("Amina", "Anima")


# The key


def test_generate_signing_key_creates_a_private_file_once(key_file, capsys):
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    before = key_file.read_bytes()
    call_command("generate_signing_key")
    assert key_file.read_bytes() == before
    assert "nothing to do" in capsys.readouterr().out


def test_key_may_come_from_the_environment_setting(settings, tmp_path, course, trainee_factory):
    key = Ed25519PrivateKey.generate()
    raw = key.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())
    settings.CERTIFICATE_SIGNING_KEY = base64.b64encode(raw).decode()
    settings.CERTIFICATE_SIGNING_KEY_FILE = str(tmp_path / "absent.pem")
    call_command("generate_signing_key", verbosity=0)
    assert not (tmp_path / "absent.pem").exists()
    certificate = baker.make("certificates.Certificate", user=trainee_factory(), course=course)
    seal = signing.seal_for(certificate)
    assert signing.verify(seal.statement, seal.signature, key.public_key())


def test_public_key_is_published_as_pem_and_json(client, key_file, db):
    pem = client.get(reverse("certificates:certificate_public_key"))
    assert pem.status_code == HTTPStatus.OK
    assert pem.content.startswith(b"-----BEGIN PUBLIC KEY-----")
    data = client.get(reverse("certificates:certificate_public_key_json")).json()
    assert data["algorithm"] == "Ed25519"
    assert data["public_key_pem"] == pem.content.decode()
    assert len(base64.b64decode(data["public_key_base64"])) == 32


def test_public_key_is_not_found_without_a_key(client, settings, tmp_path, db):
    settings.CERTIFICATE_SIGNING_KEY = ""
    settings.CERTIFICATE_SIGNING_KEY_FILE = str(tmp_path / "none.pem")
    assert client.get(reverse("certificates:certificate_public_key")).status_code == 404


# The statement


def test_statement_is_canonical_json(certificate):
    statement = signing.statement_text(certificate)
    data = json.loads(statement)
    assert set(data) == {"code", "course", "date", "name"}
    assert statement == json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    assert data["name"] == "Amina Ké"  # UTF-8, not \\u escapes
    assert data["date"] == certificate.issued_at.date().isoformat()


def test_signature_verifies_with_the_public_key_alone(client, certificate):
    statement, signature = statement_and_signature(client, certificate)
    pem = client.get(reverse("certificates:certificate_public_key")).content
    key = signing.load_public_key_pem(pem)
    key.verify(base64.b64decode(signature), statement.encode("utf-8"))  # raises if not


# The page


def test_verification_page_shows_a_valid_signature(
    client, certificate, django_assert_max_num_queries
):
    with django_assert_max_num_queries(4):
        response = client.get(certificate.get_verification_url())
    page = response.content.decode()
    assert response.status_code == HTTPStatus.OK
    assert 'class="signature-valid"' in page
    assert signing.sign(signing.statement_text(certificate)) in page


def test_verification_page_checks_a_statement_brought_to_it(client, certificate):
    statement, signature = statement_and_signature(client, certificate)
    page = client.get(
        certificate.get_verification_url(), {"statement": statement, "signature": signature}
    ).content.decode()
    assert 'class="signature-valid"' in page


@pytest.mark.parametrize("part", ["statement", "signature"])
def test_verification_page_catches_tampering(client, certificate, part):
    statement, signature = statement_and_signature(client, certificate)
    if part == "statement":
        statement = tampered(statement)
    else:
        signature = base64.b64encode(bytes(64)).decode()
    response = client.get(
        certificate.get_verification_url(), {"statement": statement, "signature": signature}
    )
    page = response.content.decode()
    assert 'class="signature-invalid"' in page
    assert "Not valid" in page


def test_statement_of_another_certificate_is_not_valid_here(client, certificate, course):
    other = baker.make("certificates.Certificate", user=baker.make("accounts.User"), course=course)
    statement, signature = statement_and_signature(client, other)
    data = client.get(
        reverse("certificates:certificate_json", args=[certificate.code]),
        {"statement": statement, "signature": signature},
    ).json()
    assert data["valid"] is False


def test_unknown_code_is_not_found_on_the_page_and_in_json(client, key_file, db):
    assert client.get("/certificates/AAAA-BBBB-CCCC-DDDD/").status_code == HTTPStatus.NOT_FOUND
    response = client.get(reverse("certificates:certificate_json", args=["AAAA-BBBB-CCCC-DDDD"]))
    assert response.status_code == HTTPStatus.NOT_FOUND
    assert response.json() == {"valid": False, "code": "AAAA-BBBB-CCCC-DDDD", "error": "not found"}


def test_owner_certificate_page_carries_a_qr_code_and_the_signed_statement(
    client, certificate, django_assert_max_num_queries
):
    client.force_login(certificate.user)
    with django_assert_max_num_queries(6):
        response = client.get(certificate.get_absolute_url())
    page = response.content.decode()
    svg = re.search(r'<svg xmlns="http://www.w3.org/2000/svg"[^>]*class="qr-code".*?</svg>', page)
    assert svg, "no QR code"
    assert "style=" not in svg.group() and "<script" not in svg.group()
    assert 'id="certificate-statement"' in page
    assert signing.sign(signing.statement_text(certificate)) in page


def test_qr_code_is_of_the_public_verification_url(client, certificate, settings):
    settings.SITE_ORIGIN = "https://portal.example.org"
    client.force_login(certificate.user)
    page = client.get(certificate.get_absolute_url(), HTTP_HOST="LOCALHOST.:8941").text
    url = "https://portal.example.org" + certificate.get_verification_url()
    assert f">{url}</a>" in page
    assert signing.qr_svg(url) in page
    assert signing.qr_svg(url) != signing.qr_svg(url + "x")


# JSON


def test_json_endpoint_reports_a_valid_certificate(
    client, certificate, django_assert_max_num_queries
):
    with django_assert_max_num_queries(3):
        response = client.get(reverse("certificates:certificate_json", args=[certificate.code]))
    data = response.json()
    assert data["valid"] is True
    assert data["name"] == "Amina Ké"
    assert data["course"] == certificate.course.title
    assert data["code"] == certificate.code
    assert data["date"] == certificate.issued_at.date().isoformat()
    assert json.loads(data["statement"])["code"] == certificate.code


@pytest.mark.parametrize("part", ["statement", "signature"])
def test_json_endpoint_catches_tampering(client, certificate, part):
    statement, signature = statement_and_signature(client, certificate)
    if part == "statement":
        statement = tampered(statement)
    else:
        signature = signature[:-4] + ("AAA=" if not signature.endswith("AAA=") else "BBB=")
    data = client.get(
        reverse("certificates:certificate_json", args=[certificate.code]),
        {"statement": statement, "signature": signature},
    ).json()
    assert data["valid"] is False
    assert data["checked"]["signature_valid"] is False


def test_no_key_means_unsigned_not_a_crash(client, settings, tmp_path, course, trainee_factory):
    settings.CERTIFICATE_SIGNING_KEY = ""
    settings.CERTIFICATE_SIGNING_KEY_FILE = str(tmp_path / "none.pem")
    certificate = baker.make("certificates.Certificate", user=trainee_factory(), course=course)
    page = client.get(certificate.get_verification_url()).content.decode()
    assert "does not sign certificates yet" in page
    data = client.get(reverse("certificates:certificate_json", args=[certificate.code])).json()
    assert data["valid"] is False and data["signature"] is None


# Offline


@pytest.fixture
def offline_files(client, certificate, tmp_path):
    (tmp_path / "public-key.pem").write_bytes(
        client.get(reverse("certificates:certificate_public_key")).content
    )
    data = client.get(reverse("certificates:certificate_json", args=[certificate.code])).json()
    (tmp_path / "certificate.json").write_text(json.dumps(data), encoding="utf-8")
    return tmp_path, data


def test_verify_certificate_command_accepts_a_genuine_statement(offline_files, capsys):
    folder, data = offline_files
    call_command(
        "verify_certificate",
        file=folder / "certificate.json",
        public_key=folder / "public-key.pem",
    )
    out = capsys.readouterr().out
    assert "VALID" in out and "Amina Ké" in out
    call_command(
        "verify_certificate",
        statement=data["statement"],
        signature=data["signature"],
        public_key=folder / "public-key.pem",
    )


@pytest.mark.parametrize("part", ["statement", "signature"])
def test_verify_certificate_command_refuses_tampering(offline_files, part):
    folder, data = offline_files
    statement, signature = data["statement"], data["signature"]
    if part == "statement":
        statement = tampered(statement)
    else:
        signature = base64.b64encode(bytes(64)).decode()
    with pytest.raises(CommandError, match="NOT VALID"):
        call_command(
            "verify_certificate",
            statement=statement,
            signature=signature,
            public_key=folder / "public-key.pem",
        )


def readme_check(settings):
    readme = (settings.BASE_DIR / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## In the field") :]
    return re.search(r"```python\n(.*?)```", section, re.DOTALL).group(1)


def test_readme_python_check_verifies_and_catches_tampering(
    offline_files, settings, monkeypatch, capsys
):
    folder, data = offline_files
    monkeypatch.chdir(folder)
    code = readme_check(settings)
    exec(code, {})  # noqa: S102 - the README's own example, run as a reader would
    assert "Valid:" in capsys.readouterr().out
    data["statement"] = tampered(data["statement"])
    (folder / "certificate.json").write_text(json.dumps(data), encoding="utf-8")
    from cryptography.exceptions import InvalidSignature

    with pytest.raises(InvalidSignature):
        exec(code, {})  # noqa: S102
