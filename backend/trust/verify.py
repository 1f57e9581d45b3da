"""Checks each parsed certificate: a CA, inside its validity period, not a duplicate.

Errors exclude a certificate from the context; a CA that expires within the warning window is
kept with a warning.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.utils import CryptographyDeprecationWarning
from cryptography.x509.oid import NameOID

from .parse import ParsedCertificate, ParsedFile
from .report import CertificateInfo, Problem, Severity

__all__ = ["VerifiedBundle", "display_name", "fingerprint", "verify_certificates"]


@dataclass
class VerifiedBundle:
    certificates: list[CertificateInfo] = field(default_factory=list)
    trusted: list[x509.Certificate] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def fingerprint(cert: x509.Certificate) -> str:
    return cert.fingerprint(hashes.SHA256()).hex(":").upper()


def display_name(name: x509.Name) -> str:
    """RFC 4514 form, e.g. 'CN=Contoso Proxy Root CA,O=Contoso'."""
    return name.rfc4514_string() or "(empty name)"


def common_name(name: x509.Name) -> str:
    values = name.get_attributes_for_oid(NameOID.COMMON_NAME)
    return str(values[0].value) if values else display_name(name)


def verify_certificates(
    files: Iterable[ParsedFile], *, now: datetime, expiry_warning_days: int
) -> VerifiedBundle:
    result = VerifiedBundle()
    seen: dict[bytes, str] = {}
    warn_before = now + timedelta(days=expiry_warning_days)
    for parsed_file in files:
        result.problems.extend(parsed_file.problems)
        for parsed in parsed_file.certificates:
            digest = parsed.certificate.fingerprint(hashes.SHA256())
            if digest in seen:
                result.problems.append(
                    Problem(
                        Severity.INFO,
                        "duplicate",
                        f"duplicate of {seen[digest]} "
                        f"('{common_name(parsed.certificate.subject)}'); dropped",
                        parsed.origin,
                    )
                )
                continue
            seen[digest] = parsed.origin
            with warnings.catch_warnings():
                # Already reported once per certificate by parse_certificates.
                warnings.simplefilter("ignore", CryptographyDeprecationWarning)
                problems = _check(parsed, now=now, warn_before=warn_before)
            info = _describe(parsed, problems, digest.hex(":").upper())
            result.certificates.append(info)
            if info.trusted:
                result.trusted.append(parsed.certificate)
    return result


def _check(parsed: ParsedCertificate, *, now: datetime, warn_before: datetime) -> list[Problem]:
    cert = parsed.certificate
    name = common_name(cert.subject)
    problems: list[Problem] = []
    ca_problem = _ca_problem(cert, name)
    if ca_problem is not None:
        problems.append(Problem(Severity.ERROR, "not_a_ca", ca_problem, parsed.origin))
    not_before = cert.not_valid_before_utc
    not_after = cert.not_valid_after_utc
    if not_after < now:
        days = (now - not_after).days
        problems.append(
            Problem(
                Severity.ERROR,
                "expired",
                f"'{name}' expired on {not_after:%Y-%m-%d %H:%M} UTC ({days} days ago); "
                "replace it with the renewed CA certificate",
                parsed.origin,
            )
        )
    elif not_before > now:
        problems.append(
            Problem(
                Severity.ERROR,
                "not_yet_valid",
                f"'{name}' is not valid before {not_before:%Y-%m-%d %H:%M} UTC; check the "
                "system clock, or remove it until then",
                parsed.origin,
            )
        )
    elif not_after < warn_before and not problems:
        days = (not_after - now).days
        problems.append(
            Problem(
                Severity.WARNING,
                "expires_soon",
                f"'{name}' expires on {not_after:%Y-%m-%d} ({days} days left); add its "
                "successor to the bundle before then",
                parsed.origin,
            )
        )
    return problems


def _ca_problem(cert: x509.Certificate, name: str) -> str | None:
    try:
        constraints = cert.extensions.get_extension_for_class(x509.BasicConstraints).value
    except x509.ExtensionNotFound:
        constraints = None
    if constraints is not None and constraints.ca:
        return None
    found = "basicConstraints CA:FALSE" if constraints is not None else "no basicConstraints"
    issuer = common_name(cert.issuer)
    return (
        f"'{name}' is not a CA ({found}): it looks like a server (leaf) certificate. "
        f"Put the CA that issued it ('{issuer}') in the bundle instead"
    )


def _describe(parsed: ParsedCertificate, problems: list[Problem], sha256: str) -> CertificateInfo:
    cert = parsed.certificate
    return CertificateInfo(
        subject=display_name(cert.subject),
        issuer=display_name(cert.issuer),
        sha256=sha256,
        not_before=cert.not_valid_before_utc,
        not_after=cert.not_valid_after_utc,
        origin=parsed.origin,
        problems=tuple(problems),
    )
