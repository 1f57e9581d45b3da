"""Turns the bytes of one file into X.509 certificates, or says precisely what the bytes are.

Accepts PEM (one or more CERTIFICATE blocks, comments between them allowed) and a single DER
certificate. Anything else becomes a `Problem` that names what was found instead.
"""

from __future__ import annotations

import base64
import binascii
import re
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field

from cryptography import x509
from cryptography.utils import CryptographyDeprecationWarning

from .report import Problem, Severity

__all__ = ["ParsedCertificate", "ParsedFile", "parse_certificates"]

_BEGIN = re.compile(rb"^-----BEGIN ([A-Z0-9 ]+)-----\s*$")
_END = re.compile(rb"^-----END ([A-Z0-9 ]+)-----\s*$")
_BASE64_ONLY = re.compile(rb"^[A-Za-z0-9+/=\s]+$")


@dataclass(frozen=True)
class ParsedCertificate:
    certificate: x509.Certificate
    origin: str  # "<file>, certificate #n (line L)" or "<file> (DER)"


@dataclass
class ParsedFile:
    certificates: list[ParsedCertificate] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def parse_certificates(data: bytes, origin: str) -> ParsedFile:
    """Parse one file's bytes; `origin` names the file in every message."""
    if not data.strip():
        size = "0 bytes" if not data else f"{len(data)} bytes of whitespace"
        return ParsedFile(
            problems=[
                _error(
                    "empty",
                    f"the file is empty ({size}); an upload or copy may be incomplete. "
                    "Put the CA certificates in it as PEM (-----BEGIN CERTIFICATE----- blocks).",
                    origin,
                )
            ]
        )
    if b"-----BEGIN " in data:
        return _parse_pem(data, origin)
    return _parse_der(data, origin)


def _parse_pem(data: bytes, origin: str) -> ParsedFile:
    result = ParsedFile()
    lines = data.splitlines()
    index = 0
    count = 0
    while index < len(lines):
        begin = _BEGIN.match(lines[index].strip())
        if begin is None:
            index += 1
            continue
        label = begin.group(1).decode()
        start_line = index + 1
        end_index = _find_end(lines, index + 1, label)
        if end_index is None:
            result.problems.append(
                _error(
                    "truncated_pem",
                    f"the '{label}' block starting at line {start_line} has no "
                    f"'-----END {label}-----' line: the file is truncated (an incomplete upload "
                    "or copy?). Upload the complete bundle again.",
                    origin,
                )
            )
            break
        block = b"\n".join(lines[index : end_index + 1]) + b"\n"
        index = end_index + 1
        if label != "CERTIFICATE":
            result.problems.append(_unexpected_block(label, start_line, origin))
            continue
        count += 1
        where = f"{origin}, certificate #{count} (line {start_line})"
        try:
            cert = _load(x509.load_pem_x509_certificate, block, where, result)
        except ValueError as exc:
            result.problems.append(
                _error(
                    "corrupt_pem",
                    f"the certificate block at lines {start_line}-{end_index + 1} cannot be "
                    f"decoded ({_short(exc)}); the base64 text is damaged. Export the "
                    "certificate again.",
                    origin,
                )
            )
            continue
        result.certificates.append(ParsedCertificate(cert, where))
    if not result.certificates and not result.problems:
        result.problems.append(_error("no_certificates", "no certificate found", origin))
    elif not result.certificates and all(p.code == "unexpected_pem_block" for p in result.problems):
        result.problems.append(
            _error(
                "no_certificates",
                "the file holds PEM blocks but no CERTIFICATE block",
                origin,
            )
        )
    return result


def _find_end(lines: list[bytes], start: int, label: str) -> int | None:
    for position in range(start, len(lines)):
        stripped = lines[position].strip()
        end = _END.match(stripped)
        if end is not None:
            return position if end.group(1).decode() == label else None
        if _BEGIN.match(stripped):
            return None  # a new block began before this one ended
    return None


def _unexpected_block(label: str, line: int, origin: str) -> Problem:
    if "PRIVATE KEY" in label:
        hint = (
            "a private key does not belong in a trust bundle (and must not sit on a shared "
            "mount): remove it and rotate that key"
        )
    elif label == "TRUSTED CERTIFICATE":
        hint = "convert it to a plain certificate: openssl x509 -in IN -out OUT"
    elif label == "PKCS7":
        hint = "convert it: openssl pkcs7 -print_certs -in IN -out OUT.pem"
    else:
        hint = "remove it; the bundle must hold only CA certificates"
    return _error(
        "unexpected_pem_block",
        f"found a PEM '{label}' block at line {line}, not a CERTIFICATE: {hint}",
        origin,
    )


def _parse_der(data: bytes, origin: str) -> ParsedFile:
    result = ParsedFile()
    where = f"{origin} (DER)"
    try:
        cert = _load(x509.load_der_x509_certificate, data, where, result)
    except ValueError:
        return ParsedFile(problems=[_error("not_a_certificate", _describe(data), origin)])
    result.certificates.append(ParsedCertificate(cert, where))
    return result


def _load(
    loader: Callable[[bytes], x509.Certificate], data: bytes, where: str, result: ParsedFile
) -> x509.Certificate:
    """Load one certificate; cryptography's deprecation warnings become report warnings."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", CryptographyDeprecationWarning)
        cert = loader(data)
    for warning in caught:
        result.problems.append(
            Problem(
                Severity.WARNING,
                "nonconforming",
                f"the certificate does not follow RFC 5280 ({str(warning.message).split('.')[0]}); "
                "a future release may refuse it",
                where,
            )
        )
    return cert


def _describe(data: bytes) -> str:
    """Say what the bytes look like, without echoing their content (it may be a secret)."""
    head = data.lstrip()[:512]
    lowered = head.lower()
    if data[:1] == b"\x30" and _looks_like_pkcs12(data):
        found = (
            "a PKCS#12 (.pfx/.p12) archive, which carries a private key; export only the "
            "CA certificate as PEM or DER"
        )
    elif data[:1] == b"\x30":
        found = (
            f"{len(data)} bytes of ASN.1 data that is not an X.509 certificate (a .p7b bundle, "
            "a key or a CSR?); export the CA certificate as PEM or DER"
        )
    elif lowered.startswith((b"<!doctype html", b"<html")) or b"<html" in lowered:
        found = (
            "an HTML page (a sign-in or error page saved instead of the certificate?); "
            "download the certificate file itself"
        )
    elif head.startswith((b"{", b"[")):
        found = "JSON text; put the certificates themselves in the file as PEM"
    elif _BASE64_ONLY.match(data) and _decodes_as_base64(data):
        found = (
            "base64 text without '-----BEGIN CERTIFICATE-----' / '-----END CERTIFICATE-----' "
            "lines; add those lines around it"
        )
    elif _is_text(data):
        found = (
            f"text ({len(data.splitlines())} lines) with no '-----BEGIN CERTIFICATE-----' "
            "line; it is neither PEM nor DER"
        )
    else:
        found = f"{len(data)} bytes of binary data that is neither PEM nor a DER certificate"
    return f"not a certificate: found {found}"


_PKCS12_START = re.compile(rb"\x30(?:[\x00-\x7f]|\x81.|\x82..|\x83...)\x02\x01\x03", re.S)


def _looks_like_pkcs12(data: bytes) -> bool:
    # PFX ::= SEQUENCE { version INTEGER (3), authSafe ContentInfo, ... }
    return _PKCS12_START.match(data) is not None


def _decodes_as_base64(data: bytes) -> bool:
    try:
        base64.b64decode(b"".join(data.split()), validate=True)
    except (binascii.Error, ValueError):
        return False
    return True


def _is_text(data: bytes) -> bool:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return all(ch.isprintable() or ch in "\r\n\t" for ch in text)


def _short(exc: Exception) -> str:
    return str(exc).split("\n", 1)[0][:120] or type(exc).__name__


def _error(code: str, message: str, where: str) -> Problem:
    return Problem(Severity.ERROR, code, message, where)
