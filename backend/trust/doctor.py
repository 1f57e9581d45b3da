"""`python -m backend.trust doctor`: the trust report, a probe, and what to do about a failure.

Replaces the manual checks people run in the Kudu console (`ls -l /certs`,
`ssl.get_default_verify_paths()`): it loads the bundle the way the app does, prints the same
report the startup log prints, and probes an endpoint through the same proxy settings.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import warnings
from collections.abc import Sequence
from functools import cache

from cryptography import x509
from cryptography.utils import CryptographyDeprecationWarning

from .context import public_roots_file
from .errors import BundleSourceError, TrustConfigurationError
from .loader import TrustGeneration, evaluate_bundle, read_source
from .probe import ProbeResult, probe_endpoint
from .report import SourceKind, TrustReport
from .settings import TrustMode, TrustSettings
from .verify import common_name, display_name, fingerprint

__all__ = ["explain_probe", "main", "run_doctor"]

_HOSTNAME_MISMATCH = 62
_CERT_EXPIRED = 10


async def load_for_doctor(settings: TrustSettings, wait_seconds: float) -> TrustGeneration:
    """Like load_trust, but never refuses: the doctor shows strict failures, it does not stop."""
    try:
        raw = await read_source(settings, wait_seconds=wait_seconds)
        error = None
    except BundleSourceError as exc:
        raw, error = None, exc
    try:
        return evaluate_bundle(settings, raw, number=1, source_error=error)
    except TrustConfigurationError as exc:
        lenient = settings.model_copy(update={"mode": TrustMode.LENIENT})
        generation = evaluate_bundle(lenient, raw, number=1, source_error=error)
        # Keep the strict report (status failed) for display; probe with the lenient context.
        return TrustGeneration(1, generation.context, exc.report, generation.fingerprint)


def default_probe_url() -> str | None:
    endpoint = os.environ.get("AZURE_OPENAI_ENDPOINT", "").strip()
    if endpoint:
        return endpoint
    resource = os.environ.get("AZURE_OPENAI_RESOURCE", "").strip()
    return f"https://{resource}.openai.azure.com/" if resource else None


@cache
def _public_root_names() -> frozenset[str]:
    with open(public_roots_file(), "rb") as handle, warnings.catch_warnings():
        # certifi carries a few old roots with non-positive serial numbers.
        warnings.simplefilter("ignore", CryptographyDeprecationWarning)
        roots = x509.load_pem_x509_certificates(handle.read())
    return frozenset(display_name(cert.subject) for cert in roots)


def explain_probe(result: ProbeResult, report: TrustReport) -> list[str]:
    """Lines that say what the server presented and what is missing from the bundle."""
    via = f" through the proxy {result.proxy} (HTTPS_PROXY)" if result.proxy else ""
    lines = [f"Probe {result.url}{via}"]
    if result.ok:
        lines.append("  OK: TLS handshake verified (certificate chain and host name)")
        lines.extend(_chain_lines(result.chain))
        return lines
    lines.append(f"  FAILED: {result.error}")
    if not result.chain:
        if result.verify_code is None:
            lines.append(
                "  No TLS certificate was received: check the URL, DNS, the network route, "
                "and HTTPS_PROXY / NO_PROXY."
            )
        return lines
    lines.append("  The server presented:")
    lines.extend(_chain_lines(result.chain))
    leaf = result.chain[0]
    if result.verify_code == _HOSTNAME_MISMATCH:
        lines.append(
            f"  The certificate is for {', '.join(_dns_names(leaf)) or common_name(leaf.subject)}"
            f", not for {result.host}: check the endpoint URL."
        )
        return lines
    if result.verify_code == _CERT_EXPIRED:
        lines.append(
            "  A certificate in the chain has expired: the server (or the proxy) must renew it."
        )
        return lines
    lines.extend(_missing_ca_lines(result, report))
    return lines


def _missing_ca_lines(result: ProbeResult, report: TrustReport) -> list[str]:
    top = result.chain[-1]
    self_signed = top.subject == top.issuer
    missing = top.subject if self_signed else top.issuer
    missing_name = display_name(missing)
    missing_cn = common_name(missing)
    lines = []
    if self_signed:
        lines.append(
            f"  The server sent its root CA '{missing_cn}' itself (\"self-signed certificate "
            'in certificate chain"), and that root is not trusted.'
        )
    else:
        lines.append(f"  The chain ends at a certificate issued by '{missing_cn}'.")
    in_bundle = [c for c in report.certificates if c.subject == missing_name]
    trusted = [c for c in in_bundle if c.trusted]
    bundle_name = report.location or "the bundle"
    if trusted:
        lines.append(
            f"  {bundle_name} holds a CA named '{missing_cn}' (sha256 {trusted[0].sha256}) but "
            "it is not the one that signed this chain: the CA was re-issued with a new key. "
            "Replace it with the current certificate."
        )
    elif in_bundle:
        why = "; ".join(p.message for p in in_bundle[0].problems)
        lines.append(f"  {bundle_name} holds '{missing_cn}' but it was rejected: {why}")
    else:
        public = report.public_roots_included and missing_name in _public_root_names()
        where = "the public roots" if public else f"{bundle_name} (nor the public roots)"
        lines.append(f"  '{missing_name}' is not in {where}.")
    if result.proxy:
        lines.append(
            f"  This connection went through the proxy {result.proxy}: a TLS-inspecting proxy "
            f"re-signs traffic, so '{missing_cn}' is most likely the proxy's CA. Ask the network "
            "team for that root CA certificate (PEM)."
        )
    if report.source_kind in (SourceKind.FILE, SourceKind.DIR):
        target = f"{report.location} ({report.setting})"
    elif report.source_kind is SourceKind.BLOB:
        target = f"the blob {report.location} ({report.setting})"
    else:
        target = "a bundle file and set SSL_CERT_FILE to it (e.g. /certs/ca_root_certs.pem)"
    lines.append(f"  Fix: add the root CA '{missing_cn}' to {target}.")
    return lines


def _chain_lines(chain: Sequence[x509.Certificate]) -> list[str]:
    return [
        f"    [{i}] {display_name(c.subject)}\n"
        f"        issued by {display_name(c.issuer)}; not after "
        f"{c.not_valid_after_utc:%Y-%m-%d}; sha256 {fingerprint(c)}"
        for i, c in enumerate(chain)
    ]


def _dns_names(cert: x509.Certificate) -> list[str]:
    try:
        san = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    except x509.ExtensionNotFound:
        return []
    return [str(name) for name in san.get_values_for_type(x509.DNSName)]


async def run_doctor(
    settings: TrustSettings,
    *,
    probe_url: str | None,
    wait_seconds: float = 0.0,
    probe_timeout: float = 10.0,
    as_json: bool = False,
) -> tuple[int, str]:
    """(exit code, output). Exit 1 when the bundle has errors or the probe failed."""
    generation = await load_for_doctor(settings, wait_seconds)
    report = generation.report
    probe = None
    if probe_url:
        probe = await asyncio.to_thread(
            probe_endpoint, probe_url, generation.context, timeout=probe_timeout
        )
    code = 1 if report.has_errors or (probe is not None and not probe.ok) else 0
    if as_json:
        payload = {"report": report.to_dict(), "probe": probe.to_dict() if probe else None}
        return code, json.dumps(payload, indent=2)
    parts = ["Enterprise CA trust", report.render_text(), ""]
    if probe is not None:
        parts.extend(explain_probe(probe, report))
    else:
        parts.append("No probe: pass --probe URL or set AZURE_OPENAI_ENDPOINT.")
    return code, "\n".join(parts)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m backend.trust")
    commands = parser.add_subparsers(dest="command", required=True)
    doctor = commands.add_parser("doctor", help="print the trust report and probe an endpoint")
    doctor.add_argument("--probe", metavar="URL", help="default: AZURE_OPENAI_ENDPOINT")
    doctor.add_argument("--no-probe", action="store_true", help="only print the report")
    doctor.add_argument("--wait", type=float, default=0.0, help="seconds to wait for a mount")
    doctor.add_argument("--timeout", type=float, default=10.0, help="probe timeout, seconds")
    doctor.add_argument("--json", action="store_true", help="machine-readable output")
    args = parser.parse_args(argv)
    settings = TrustSettings()
    url = None if args.no_probe else (args.probe or default_probe_url())
    code, output = asyncio.run(
        run_doctor(
            settings,
            probe_url=url,
            wait_seconds=args.wait,
            probe_timeout=args.timeout,
            as_json=args.json,
        )
    )
    print(output)
    return code


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
