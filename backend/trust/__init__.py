"""Enterprise CA trust: resolve the bundle, verify it, build ONE SSL context, watch for rotation.

Startup: `generation = await load_trust(TrustSettings())`, then build every outbound client
from `generation.context` with `create_httpx_client` / `create_azure_transport`. Rotation:
`TrustWatcher(settings, generation, on_rotation).start()`.
"""

from .context import build_ssl_context
from .doctor import explain_probe, run_doctor
from .errors import BundleSourceError, TrustConfigurationError, TrustError
from .loader import TrustGeneration, evaluate_bundle, load_trust, read_source
from .probe import ProbeResult, probe_endpoint
from .report import CertificateInfo, Problem, Severity, SourceKind, TrustReport, TrustStatus
from .settings import TrustMode, TrustSettings
from .transports import (
    TrustedAioHttpTransport,
    create_azure_session,
    create_azure_transport,
    create_httpx_client,
)
from .watcher import RotationCallback, TrustWatcher

__all__ = [
    "BundleSourceError",
    "CertificateInfo",
    "ProbeResult",
    "Problem",
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
]
