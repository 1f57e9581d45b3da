"""The doctor: the report, then a probe whose failure says which CA is missing and where."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from backend.trust import TrustSettings, run_doctor
from tests.support.pki import PrivatePKI, make_ca, make_leaf
from tests.support.processes import REPO_ROOT
from tests.support.tls_server import https_server


async def test_good_bundle_probe_succeeds(tmp_path: Path, pki: PrivatePKI, tls_server: str) -> None:
    bundle = tmp_path / "ca_root_certs.pem"
    bundle.write_bytes(pki.root.pem)
    code, output = await run_doctor(TrustSettings(SSL_CERT_FILE=str(bundle)), probe_url=tls_server)
    assert code == 0
    assert "status=ok" in output
    assert f"Probe {tls_server.rstrip('/')}" in output
    assert "OK: TLS handshake verified" in output
    assert "[0] CN=localhost" in output


async def test_missing_ca_names_the_issuer_and_the_fix(
    tmp_path: Path, pki: PrivatePKI, other_pki: PrivatePKI, tls_server: str
) -> None:
    bundle = tmp_path / "ca_root_certs.pem"
    bundle.write_bytes(other_pki.root.pem)
    code, output = await run_doctor(TrustSettings(SSL_CERT_FILE=str(bundle)), probe_url=tls_server)
    assert code == 1
    assert "FAILED: certificate verify failed: unable to get local issuer certificate" in output
    assert "[0] CN=localhost,O=Contoso Test" in output
    assert "issued by CN=Contoso Test Root CA Intermediate" in output
    assert "The chain ends at a certificate issued by 'Contoso Test Root CA'." in output
    assert f"'CN=Contoso Test Root CA,O=Contoso Test' is not in {bundle}" in output
    assert f"Fix: add the root CA 'Contoso Test Root CA' to {bundle} (SSL_CERT_FILE)." in output


async def test_server_sending_its_root_is_self_signed_in_chain(
    tmp_path: Path, pki: PrivatePKI
) -> None:
    folder = tmp_path / "server"
    folder.mkdir()
    chain = folder / "full-chain.pem"
    chain.write_bytes(pki.leaf.pem + pki.intermediate.pem + pki.root.pem)
    key = folder / "leaf.key"
    key.write_bytes(pki.leaf.key_pem)
    async with https_server(chain, key) as url:
        code, output = await run_doctor(TrustSettings(), probe_url=url)
    assert code == 1
    assert "self-signed certificate in certificate chain" in output
    assert "The server sent its root CA 'Contoso Test Root CA' itself" in output
    assert "Fix: add the root CA 'Contoso Test Root CA' to a bundle file and set SSL_CERT_FILE" in (
        output
    )


async def test_reissued_ca_with_the_same_name_is_spotted(
    tmp_path: Path, pki: PrivatePKI, tls_server: str
) -> None:
    bundle = tmp_path / "ca.pem"
    bundle.write_bytes(make_ca("Contoso Test Root CA").pem)  # same name, another key
    _, output = await run_doctor(TrustSettings(SSL_CERT_FILE=str(bundle)), probe_url=tls_server)
    assert "holds a CA named 'Contoso Test Root CA'" in output
    assert "re-issued with a new key" in output


async def test_wrong_host_name_is_explained(tmp_path: Path, pki: PrivatePKI) -> None:
    bundle = tmp_path / "ca.pem"
    bundle.write_bytes(pki.root.pem)
    other = make_leaf(pki.intermediate, ("other.example",))
    chain, key = tmp_path / "chain.pem", tmp_path / "key.pem"
    chain.write_bytes(other.pem + pki.intermediate.pem)
    key.write_bytes(other.key_pem)
    async with https_server(chain, key) as url:
        code, output = await run_doctor(TrustSettings(SSL_CERT_FILE=str(bundle)), probe_url=url)
    assert code == 1
    assert "Hostname mismatch" in output
    assert "The certificate is for other.example, not for localhost" in output


async def test_unreachable_endpoint(tmp_path: Path) -> None:
    from tests.support.processes import free_port

    code, output = await run_doctor(
        TrustSettings(), probe_url=f"https://127.0.0.1:{free_port()}/", probe_timeout=2
    )
    assert code == 1
    assert "No TLS certificate was received" in output


def test_command_line_prints_the_report(tmp_path: Path, pki: PrivatePKI) -> None:
    bundle = tmp_path / "ca.pem"
    bundle.write_bytes(pki.root.pem + pki.root.key_pem)
    completed = subprocess.run(
        [sys.executable, "-m", "backend.trust", "doctor", "--no-probe"],
        cwd=REPO_ROOT,
        env={"SSL_CERT_FILE": str(bundle), "TRUST_MODE": "strict", "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert completed.returncode == 1, completed.stderr
    assert "status=failed mode=strict" in completed.stdout
    assert "found a PEM 'PRIVATE KEY' block" in completed.stdout
