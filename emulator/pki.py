"""A private PKI (root -> intermediate -> server leaf) for the emulator's TLS.

The root is reused when its folder already holds a valid one, so a bundle an operator
copied once (or a mount that points at it) keeps working across restarts.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

ROOT_NAME = "Local Emulator Root CA"
INTERMEDIATE_NAME = "Local Emulator Issuing CA"
SERVER_NAMES = ("localhost", "127.0.0.1", "::1")


@dataclass(frozen=True)
class ServerPki:
    root_pem: Path  # what a client must trust
    chain_pem: Path  # leaf + intermediate, what the server presents
    key_pem: Path


def _name(common_name: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Chat App Local Test PKI"),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )


def _key() -> ec.EllipticCurvePrivateKey:
    return ec.generate_private_key(ec.SECP256R1())


def _pem_key(key: ec.EllipticCurvePrivateKey) -> bytes:
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )


def _certificate(
    subject: str,
    key: ec.EllipticCurvePrivateKey,
    issuer: x509.Certificate | None,
    issuer_key: ec.EllipticCurvePrivateKey,
    *,
    ca_path_length: int | None,
    days: int,
) -> x509.Certificate:
    now = dt.datetime.now(dt.UTC)
    builder = (
        x509.CertificateBuilder()
        .subject_name(_name(subject))
        .issuer_name(issuer.subject if issuer else _name(subject))
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=days))
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer_key.public_key()), False
        )
    )
    is_ca = ca_path_length is not None
    builder = builder.add_extension(
        x509.BasicConstraints(ca=is_ca, path_length=ca_path_length), critical=True
    ).add_extension(
        x509.KeyUsage(
            digital_signature=True,
            content_commitment=False,
            key_encipherment=False,
            data_encipherment=False,
            key_agreement=False,
            key_cert_sign=is_ca,
            crl_sign=is_ca,
            encipher_only=False,
            decipher_only=False,
        ),
        critical=True,
    )
    if not is_ca:
        names: list[x509.GeneralName] = []
        for name in SERVER_NAMES:
            try:
                names.append(x509.IPAddress(ipaddress.ip_address(name)))
            except ValueError:
                names.append(x509.DNSName(name))
        builder = builder.add_extension(x509.SubjectAlternativeName(names), False)
        builder = builder.add_extension(
            x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), False
        )
    return builder.sign(issuer_key, hashes.SHA256())


def _valid_root(path: Path) -> tuple[x509.Certificate, ec.EllipticCurvePrivateKey] | None:
    key_path = path.with_name("root-key.pem")
    if not (path.is_file() and key_path.is_file()):
        return None
    try:
        cert = x509.load_pem_x509_certificate(path.read_bytes())
        key = serialization.load_pem_private_key(key_path.read_bytes(), password=None)
    except ValueError:
        return None
    remaining = cert.not_valid_after_utc - dt.datetime.now(dt.UTC)
    if not isinstance(key, ec.EllipticCurvePrivateKey) or remaining < dt.timedelta(days=30):
        return None
    return cert, key


def create_server_pki(folder: Path) -> ServerPki:
    """Write (or reuse) a root CA in `folder` and issue a fresh intermediate and leaf."""
    folder.mkdir(parents=True, exist_ok=True)
    root_path = folder / "root.pem"
    existing = _valid_root(root_path)
    if existing is None:
        root_key = _key()
        root = _certificate(ROOT_NAME, root_key, None, root_key, ca_path_length=1, days=3650)
        (folder / "root-key.pem").write_bytes(_pem_key(root_key))
        (folder / "root-key.pem").chmod(0o600)
        root_path.write_bytes(root.public_bytes(serialization.Encoding.PEM))
    else:
        root, root_key = existing
    issuing_key = _key()
    issuing = _certificate(
        INTERMEDIATE_NAME, issuing_key, root, root_key, ca_path_length=0, days=365
    )
    leaf_key = _key()
    leaf = _certificate("localhost", leaf_key, issuing, issuing_key, ca_path_length=None, days=30)
    chain = folder / "server-chain.pem"
    chain.write_bytes(
        leaf.public_bytes(serialization.Encoding.PEM)
        + issuing.public_bytes(serialization.Encoding.PEM)
    )
    key_path = folder / "server-key.pem"
    key_path.write_bytes(_pem_key(leaf_key))
    key_path.chmod(0o600)
    return ServerPki(root_pem=root_path, chain_pem=chain, key_pem=key_path)
