"""A private PKI for tests: root -> intermediate -> leaf, plus the broken certificates
(expired, not yet valid, not a CA) that a real bundle can contain by mistake."""

from __future__ import annotations

import datetime as dt
import ipaddress
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

NOW = dt.datetime.now(dt.UTC)


@dataclass(frozen=True)
class Issued:
    cert: x509.Certificate
    key: ec.EllipticCurvePrivateKey

    @property
    def pem(self) -> bytes:
        return self.cert.public_bytes(serialization.Encoding.PEM)

    @property
    def der(self) -> bytes:
        return self.cert.public_bytes(serialization.Encoding.DER)

    @property
    def key_pem(self) -> bytes:
        return self.key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )

    @property
    def common_name(self) -> str:
        return str(self.cert.subject.get_attributes_for_oid(NameOID.COMMON_NAME)[0].value)


def _name(common_name: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Contoso Test"),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )


def make_ca(
    common_name: str,
    *,
    issuer: Issued | None = None,
    not_before: dt.datetime | None = None,
    not_after: dt.datetime | None = None,
    ca: bool = True,
    key: ec.EllipticCurvePrivateKey | None = None,
) -> Issued:
    """A CA certificate (self-signed without `issuer`); `ca=False` makes a non-CA look-alike."""
    key = key or ec.generate_private_key(ec.SECP256R1())
    subject = _name(common_name)
    signer_key = issuer.key if issuer else key
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer.cert.subject if issuer else subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(not_before or NOW - dt.timedelta(days=1))
        .not_valid_after(not_after or NOW + dt.timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=ca,
                crl_sign=ca,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
    )
    if issuer is not None:
        builder = builder.add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer.key.public_key()),
            critical=False,
        )
    return Issued(builder.sign(signer_key, hashes.SHA256()), key)


def make_leaf(issuer: Issued, hostnames: tuple[str, ...] = ("localhost", "127.0.0.1")) -> Issued:
    key = ec.generate_private_key(ec.SECP256R1())
    names: list[x509.GeneralName] = []
    for host in hostnames:
        try:
            names.append(x509.IPAddress(ipaddress.ip_address(host)))
        except ValueError:
            names.append(x509.DNSName(host))
    cert = (
        x509.CertificateBuilder()
        .subject_name(_name(hostnames[0]))
        .issuer_name(issuer.cert.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(NOW - dt.timedelta(days=1))
        .not_valid_after(NOW + dt.timedelta(days=30))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.SubjectAlternativeName(names), critical=False)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer.key.public_key()),
            critical=False,
        )
        .sign(issuer.key, hashes.SHA256())
    )
    return Issued(cert, key)


@dataclass(frozen=True)
class PrivatePKI:
    """root -> intermediate -> leaf (localhost, 127.0.0.1) and the files a server needs."""

    root: Issued
    intermediate: Issued
    leaf: Issued

    @classmethod
    def create(cls, name: str = "Contoso Test Root CA") -> PrivatePKI:
        root = make_ca(name)
        intermediate = make_ca(f"{name} Intermediate", issuer=root)
        return cls(root, intermediate, make_leaf(intermediate))

    def write(self, folder: Path) -> tuple[Path, Path, Path]:
        """(root.pem, chain.pem with leaf + intermediate, leaf key) under `folder`."""
        folder.mkdir(parents=True, exist_ok=True)
        root = folder / "root.pem"
        root.write_bytes(self.root.pem)
        chain = folder / "chain.pem"
        chain.write_bytes(self.leaf.pem + self.intermediate.pem)
        key = folder / "leaf.key"
        key.write_bytes(self.leaf.key_pem)
        return root, chain, key
