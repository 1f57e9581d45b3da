"""Every kind of bad bundle input gets its own specific message."""

from __future__ import annotations

from pathlib import Path

import pytest

from backend.trust import (
    Severity,
    TrustConfigurationError,
    TrustSettings,
    TrustStatus,
    evaluate_bundle,
    load_trust,
)
from backend.trust.parse import parse_certificates
from tests.support.pki import Issued, PrivatePKI, make_ca, make_leaf


def _errors(data: bytes) -> list[str]:
    parsed = parse_certificates(data, "/certs/bundle.pem")
    assert not parsed.certificates
    return [p.message for p in parsed.problems if p.severity is Severity.ERROR]


async def _load(tmp_path: Path, content: bytes, name: str = "bundle.pem", **settings: object):
    bundle = tmp_path / name
    bundle.write_bytes(content)
    return await load_trust(
        TrustSettings(SSL_CERT_FILE=str(bundle), TRUST_MODE="lenient", **settings),
        wait_seconds=0,
    )


def test_empty_file_says_it_is_empty() -> None:
    (message,) = _errors(b"")
    assert "the file is empty (0 bytes)" in message


def test_whitespace_only_file_is_empty_too() -> None:
    (message,) = _errors(b"\n  \n")
    assert "is empty (4 bytes of whitespace)" in message


def test_garbage_binary_names_what_was_found() -> None:
    (message,) = _errors(bytes(range(1, 200)))
    assert "neither PEM nor a DER certificate" in message
    assert "199 bytes of binary data" in message


def test_html_page_is_recognised() -> None:
    (message,) = _errors(b"<!DOCTYPE html><html><body>Sign in</body></html>")
    assert "an HTML page" in message


def test_plain_text_is_neither_pem_nor_der() -> None:
    (message,) = _errors(b"hello\nthis is not a certificate\n")
    assert "text (2 lines) with no '-----BEGIN CERTIFICATE-----' line" in message


def test_base64_without_pem_armour_says_to_add_the_lines(pki: PrivatePKI) -> None:
    body = b"".join(pki.root.pem.splitlines(keepends=True)[1:-1])
    (message,) = _errors(body)
    assert "base64 text without '-----BEGIN CERTIFICATE-----'" in message


def test_truncated_pem_names_the_line(pki: PrivatePKI) -> None:
    truncated = pki.root.pem + pki.intermediate.pem[: len(pki.intermediate.pem) // 2]
    parsed = parse_certificates(truncated, "/certs/bundle.pem")
    assert len(parsed.certificates) == 1  # the complete first block still counts
    (problem,) = parsed.problems
    assert problem.code == "truncated_pem"
    first_lines = len(pki.root.pem.splitlines())
    assert f"starting at line {first_lines + 1} has no '-----END CERTIFICATE-----'" in (
        problem.message
    )
    assert "truncated" in problem.message


def test_corrupt_base64_inside_a_block(pki: PrivatePKI) -> None:
    lines = pki.root.pem.splitlines()
    lines[3] = b"!!!!" + lines[3][4:]
    (message,) = _errors(b"\n".join(lines) + b"\n")
    assert "cannot be decoded" in message
    assert "lines 1-" in message


def test_private_key_block_is_refused(pki: PrivatePKI) -> None:
    parsed = parse_certificates(pki.root.pem + pki.root.key_pem, "/certs/bundle.pem")
    messages = [p.message for p in parsed.problems]
    assert any("found a PEM 'PRIVATE KEY' block" in m and "rotate that key" in m for m in messages)


def test_der_certificate_is_accepted(pki: PrivatePKI) -> None:
    parsed = parse_certificates(pki.root.der, "/var/ssl/certs/ABC.der")
    assert [c.certificate for c in parsed.certificates] == [pki.root.cert]
    assert parsed.problems == []


async def test_missing_file_names_path_setting_and_cause(tmp_path: Path) -> None:
    path = tmp_path / "certs" / "ca_root_certs.pem"
    with pytest.raises(TrustConfigurationError) as raised:
        await load_trust(
            TrustSettings(SSL_CERT_FILE=str(path), TRUST_MODE="strict"), wait_seconds=0
        )
    text = str(raised.value)
    assert f"SSL_CERT_FILE={path}: the file does not exist" in text
    assert "path mapping is missing" in text


async def test_wrong_file_name_suggests_the_close_match(tmp_path: Path, pki: PrivatePKI) -> None:
    (tmp_path / "ca_root_cert.pem").write_bytes(pki.root.pem)
    generation = await load_trust(
        TrustSettings(SSL_CERT_FILE=str(tmp_path / "ca_root_certs.pem"), TRUST_MODE="lenient"),
        wait_seconds=0,
    )
    (problem,) = generation.report.problems
    assert "The file name is wrong" in problem.message
    assert "Did you mean 'ca_root_cert.pem'?" in problem.message


async def test_folder_given_as_file(tmp_path: Path) -> None:
    generation = await load_trust(
        TrustSettings(SSL_CERT_FILE=str(tmp_path), TRUST_MODE="lenient"), wait_seconds=0
    )
    assert "is a folder, not a file" in generation.report.problems[0].message


async def test_unreadable_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    bundle = tmp_path / "bundle.pem"
    bundle.write_text("x")

    def deny(self: Path) -> bytes:
        raise PermissionError(13, "Permission denied")

    # Root ignores file modes, so the permission error is simulated.
    monkeypatch.setattr(Path, "read_bytes", deny)
    generation = await load_trust(
        TrustSettings(SSL_CERT_FILE=str(bundle), TRUST_MODE="lenient"), wait_seconds=0
    )
    assert "permission denied" in generation.report.problems[0].message


async def test_leaf_certificate_is_not_a_ca(tmp_path: Path, pki: PrivatePKI) -> None:
    generation = await _load(tmp_path, pki.leaf.pem)
    (cert,) = generation.report.certificates
    assert not cert.trusted
    (problem,) = cert.problems
    assert problem.code == "not_a_ca"
    assert "'localhost' is not a CA (basicConstraints CA:FALSE)" in problem.message
    assert "Contoso Test Root CA Intermediate" in problem.message


async def test_expired_ca(tmp_path: Path, expired_ca: Issued) -> None:
    generation = await _load(tmp_path, expired_ca.pem)
    (problem,) = generation.report.certificates[0].problems
    assert problem.code == "expired"
    assert "'Expired Root' expired on" in problem.message
    assert "(10 days ago)" in problem.message or "(9 days ago)" in problem.message


async def test_not_yet_valid_ca(tmp_path: Path, future_ca: Issued) -> None:
    generation = await _load(tmp_path, future_ca.pem)
    (problem,) = generation.report.certificates[0].problems
    assert problem.code == "not_yet_valid"
    assert "'Future Root' is not valid before" in problem.message


async def test_ca_expiring_inside_the_window_is_a_warning(tmp_path: Path) -> None:
    import datetime as dt

    from tests.support.pki import NOW

    soon = make_ca("Soon Root", not_after=NOW + dt.timedelta(days=5))
    generation = await _load(tmp_path, soon.pem, TRUST_EXPIRY_WARNING_DAYS=30)
    (cert,) = generation.report.certificates
    assert cert.trusted
    assert cert.problems[0].severity is Severity.WARNING
    assert "expires on" in cert.problems[0].message
    assert generation.report.status is TrustStatus.OK


async def test_duplicates_are_dropped(tmp_path: Path, pki: PrivatePKI) -> None:
    generation = await _load(tmp_path, pki.root.pem + pki.intermediate.pem + pki.root.pem)
    assert len(generation.report.certificates) == 2
    (problem,) = generation.report.problems
    assert problem.code == "duplicate"
    assert "duplicate of /" in problem.message and "dropped" in problem.message


def test_bad_certificate_does_not_reach_the_context(pki: PrivatePKI) -> None:
    from backend.trust.report import SourceKind
    from backend.trust.sources import RawBundle

    leaf_only_ca = make_leaf(pki.intermediate)
    raw = RawBundle(SourceKind.FILE, "/certs/b.pem", "SSL_CERT_FILE")
    raw.files.append(("/certs/b.pem", pki.root.pem + leaf_only_ca.pem))
    generation = evaluate_bundle(
        TrustSettings(TRUST_MODE="lenient", TRUST_ENTERPRISE_ONLY=True), raw, number=1
    )
    assert generation.report.status is TrustStatus.DEGRADED
    # Degraded generations fall back to the public roots, plus the one good CA.
    subjects = [dict(x[0] for x in c["subject"]) for c in generation.context.get_ca_certs()]
    assert {"commonName": "Contoso Test Root CA", "organizationName": "Contoso Test"} in subjects
    assert not any(s.get("commonName") == "localhost" for s in subjects)


async def test_strict_mode_starts_without_a_single_expired_ca_among_good_ones(
    tmp_path: Path, pki: PrivatePKI, expired_ca: Issued
) -> None:
    # Bundles exported from a workstation's store often carry an expired root or two.
    bundle = tmp_path / "bundle.pem"
    bundle.write_bytes(pki.root.pem + expired_ca.pem)
    generation = await load_trust(
        TrustSettings(SSL_CERT_FILE=str(bundle), TRUST_MODE="strict"), wait_seconds=0
    )

    assert generation.report.status is TrustStatus.DEGRADED
    rejected = [c for c in generation.report.certificates if not c.trusted]
    assert [p.code for c in rejected for p in c.problems] == ["expired"]
    names = {
        dict(x[0] for x in c["subject"]).get("commonName")
        for c in generation.context.get_ca_certs()
    }
    assert "Contoso Test Root CA" in names
    assert "Expired Root" not in names


async def test_strict_mode_refuses_a_bundle_with_no_usable_ca(
    tmp_path: Path, expired_ca: Issued
) -> None:
    bundle = tmp_path / "bundle.pem"
    bundle.write_bytes(expired_ca.pem)
    with pytest.raises(TrustConfigurationError) as raised:
        await load_trust(
            TrustSettings(SSL_CERT_FILE=str(bundle), TRUST_MODE="strict"), wait_seconds=0
        )

    assert "none of the 1 certificate(s) is a usable CA" in str(raised.value)
    assert "'Expired Root' expired on" in str(raised.value)
