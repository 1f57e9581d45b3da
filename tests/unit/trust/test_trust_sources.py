"""Where the bundle comes from: files, App Service certificate folders, late mounts."""

from __future__ import annotations

import asyncio
import logging
import time
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import hashes

from backend.trust import (
    SourceKind,
    TrustConfigurationError,
    TrustSettings,
    TrustStatus,
    load_trust,
)
from tests.support.pki import PrivatePKI


async def test_cert_dir_with_app_service_der_files(tmp_path: Path, pki: PrivatePKI) -> None:
    folder = tmp_path / "var-ssl-certs"
    folder.mkdir()
    # App Service names each uploaded certificate by its SHA-1 thumbprint.
    thumbprint = pki.root.cert.fingerprint(hashes.SHA1()).hex().upper()  # noqa: S303
    (folder / f"{thumbprint}.der").write_bytes(pki.root.der)
    (folder / "intermediate.crt").write_bytes(pki.intermediate.pem)
    (folder / "README.txt").write_text("not a certificate")
    generation = await load_trust(TrustSettings(SSL_CERT_DIR=str(folder)), wait_seconds=0)
    report = generation.report
    assert report.source_kind is SourceKind.DIR
    assert report.status is TrustStatus.OK
    assert len(report.trusted_certificates) == 2
    assert any(c.origin.endswith(".der (DER)") for c in report.certificates)
    assert "ignored 1 entry without a .pem/.crt/.cer/.der suffix: README.txt" in (
        report.problems[0].message
    )


async def test_file_wins_over_folder(tmp_path: Path, pki: PrivatePKI) -> None:
    bundle = tmp_path / "bundle.pem"
    bundle.write_bytes(pki.root.pem)
    generation = await load_trust(
        TrustSettings(SSL_CERT_FILE=str(bundle), SSL_CERT_DIR=str(tmp_path)), wait_seconds=0
    )
    assert generation.report.source_kind is SourceKind.FILE


async def test_late_mount_within_the_wait_window(
    tmp_path: Path, pki: PrivatePKI, caplog: pytest.LogCaptureFixture
) -> None:
    mount = tmp_path / "certs"
    bundle = mount / "ca_root_certs.pem"

    async def mount_later() -> None:
        await asyncio.sleep(0.6)
        mount.mkdir()
        bundle.write_bytes(pki.root.pem)

    caplog.set_level(logging.INFO)
    started = time.monotonic()
    task = asyncio.create_task(mount_later())
    generation = await load_trust(
        TrustSettings(SSL_CERT_FILE=str(bundle), TRUST_MOUNT_WAIT_SECONDS=10, TRUST_MODE="strict")
    )
    await task
    assert 0.5 < time.monotonic() - started < 5
    assert generation.report.status is TrustStatus.OK
    assert f"waiting up to 10 s for the file {bundle} (SSL_CERT_FILE) to appear" in caplog.text
    assert f"{bundle} appeared after" in caplog.text


async def test_mount_that_never_appears_fails_after_the_wait(tmp_path: Path) -> None:
    bundle = tmp_path / "certs" / "ca_root_certs.pem"
    started = time.monotonic()
    with pytest.raises(TrustConfigurationError) as raised:
        await load_trust(
            TrustSettings(
                SSL_CERT_FILE=str(bundle), TRUST_MOUNT_WAIT_SECONDS=1, TRUST_MODE="strict"
            )
        )
    assert 1 <= time.monotonic() - started < 3
    message = str(raised.value)
    assert f"SSL_CERT_FILE={bundle}: the file does not exist (waited 1 s)" in message
    assert f"The folder {bundle.parent} does not exist either" in message
    assert "Path mappings" in message


async def test_empty_mount_folder_is_explained(tmp_path: Path) -> None:
    (tmp_path / "certs").mkdir()
    generation = await load_trust(
        TrustSettings(SSL_CERT_FILE=str(tmp_path / "certs" / "ca.pem"), TRUST_MODE="lenient"),
        wait_seconds=0,
    )
    assert generation.report.status is TrustStatus.DEGRADED
    assert "is empty: the mount is not ready yet" in generation.report.problems[0].message


async def test_empty_cert_folder_is_explained(tmp_path: Path) -> None:
    with pytest.raises(TrustConfigurationError, match=r"holds no \.pem/\.crt/\.cer/\.der file"):
        await load_trust(
            TrustSettings(SSL_CERT_DIR=str(tmp_path), TRUST_MODE="strict"), wait_seconds=0
        )


async def test_strict_is_the_default_on_app_service(tmp_path: Path) -> None:
    settings = TrustSettings(SSL_CERT_FILE=str(tmp_path / "x.pem"), WEBSITE_SITE_NAME="contoso")
    with pytest.raises(TrustConfigurationError, match="TRUST_MODE=strict"):
        await load_trust(settings, wait_seconds=0)


async def test_lenient_is_the_default_elsewhere_and_reports_degraded(tmp_path: Path) -> None:
    generation = await load_trust(
        TrustSettings(SSL_CERT_FILE=str(tmp_path / "x.pem")), wait_seconds=0
    )
    assert generation.report.mode == "lenient"
    assert generation.degraded
    assert generation.report.public_roots_included


async def test_enterprise_only_without_a_bundle_is_an_error() -> None:
    with pytest.raises(TrustConfigurationError, match="TRUST_ENTERPRISE_ONLY is set but no"):
        await load_trust(TrustSettings(TRUST_ENTERPRISE_ONLY=True, TRUST_MODE="strict"))


async def test_settings_come_from_the_environment(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("SSL_CERT_FILE", str(tmp_path / "a.pem"))
    monkeypatch.setenv("TRUST_MODE", "strict")
    monkeypatch.setenv("TRUST_MOUNT_WAIT_SECONDS", "2.5")
    monkeypatch.setenv("TRUST_BUNDLE_BLOB_SAS", "sv=1&sig=secret")
    settings = TrustSettings()
    assert settings.ssl_cert_file == tmp_path / "a.pem"
    assert settings.mount_wait_seconds == 2.5
    assert "secret" not in repr(settings)


def test_bad_setting_value_is_rejected(monkeypatch: pytest.MonkeyPatch) -> None:
    from pydantic import ValidationError

    monkeypatch.setenv("TRUST_MODE", "sometimes")
    with pytest.raises(ValidationError, match="TRUST_MODE"):
        TrustSettings()
