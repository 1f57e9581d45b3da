"""The public surface of backend.trust, as the rest of the app uses it."""

from __future__ import annotations

import pytest

import backend.trust
from backend.errors import ConfigurationError
from tests.conftest import settings_from


def test_public_names_are_pinned() -> None:
    assert set(backend.trust.__all__) == {
        "BundleSourceError",
        "CertificateInfo",
        "Problem",
        "ProbeResult",
        "RotationCallback",
        "Severity",
        "SourceKind",
        "TrustConfigurationError",
        "TrustError",
        "TrustGeneration",
        "TrustMode",
        "TrustReport",
        "TrustSettings",
        "TrustStatus",
        "TrustWatcher",
        "TrustedAioHttpTransport",
        "build_ssl_context",
        "create_azure_session",
        "create_azure_transport",
        "create_httpx_client",
        "evaluate_bundle",
        "explain_probe",
        "load_trust",
        "probe_endpoint",
        "read_source",
        "run_doctor",
    }
    for name in backend.trust.__all__:
        assert hasattr(backend.trust, name)


def test_app_settings_carry_the_trust_settings() -> None:
    settings = settings_from({"SSL_CERT_DIR": "/var/ssl/certs", "TRUST_MODE": "strict"})
    assert str(settings.trust.ssl_cert_dir) == "/var/ssl/certs"
    assert settings.trust.effective_mode.value == "strict"


def test_a_bad_trust_setting_is_named_at_startup() -> None:
    with pytest.raises(ConfigurationError, match="TRUST_MOUNT_WAIT_SECONDS"):
        settings_from({"TRUST_MOUNT_WAIT_SECONDS": "soon"})
