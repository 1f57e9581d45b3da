"""Resolve -> verify -> build: turns the settings into one trust generation.

Sources, first match wins: SSL_CERT_FILE, SSL_CERT_DIR, the blob settings, else the public
roots. Strict mode raises `TrustConfigurationError` when the bundle is unusable as a whole;
lenient mode keeps the usable CAs (or none), adds the public roots, and marks the generation
degraded. In both modes single rejected CAs are reported and left out (degraded).
"""

from __future__ import annotations

import logging
import ssl
from dataclasses import dataclass
from datetime import UTC, datetime

from .blob import BlobBundleSource
from .context import build_ssl_context
from .errors import BundleSourceError, TrustConfigurationError
from .parse import parse_certificates
from .report import Problem, Severity, SourceKind, TrustReport, TrustStatus
from .settings import TrustMode, TrustSettings
from .sources import RawBundle, read_dir, read_file, wait_for_mount
from .verify import verify_certificates

__all__ = ["TrustGeneration", "evaluate_bundle", "load_trust", "read_source"]

log = logging.getLogger("backend.trust")


@dataclass(frozen=True)
class TrustGeneration:
    """One verified trust state: the context every client of this generation is built with."""

    number: int
    context: ssl.SSLContext
    report: TrustReport
    fingerprint: str  # content hash (file, folder) or ETag (blob) of what was loaded

    @property
    def degraded(self) -> bool:
        return self.report.status is TrustStatus.DEGRADED


async def read_source(
    settings: TrustSettings, *, wait_seconds: float, blob_context: ssl.SSLContext | None = None
) -> RawBundle | None:
    """The configured bundle's bytes, or None when nothing is configured (public roots)."""
    if settings.ssl_cert_file is not None:
        path = settings.ssl_cert_file
        await wait_for_mount(path, SourceKind.FILE, "SSL_CERT_FILE", wait_seconds)
        return read_file(path, "SSL_CERT_FILE")
    if settings.ssl_cert_dir is not None:
        path = settings.ssl_cert_dir
        await wait_for_mount(path, SourceKind.DIR, "SSL_CERT_DIR", wait_seconds)
        return read_dir(path, "SSL_CERT_DIR")
    if settings.uses_blob:
        source = BlobBundleSource(settings, blob_context or build_ssl_context([]))
        try:
            return await source.download()
        finally:
            await source.close()
    return None


def describe_source(settings: TrustSettings) -> tuple[SourceKind, str, str]:
    """(kind, location, setting) of the configured source, without reading it."""
    if settings.ssl_cert_file is not None:
        return SourceKind.FILE, str(settings.ssl_cert_file), "SSL_CERT_FILE"
    if settings.ssl_cert_dir is not None:
        return SourceKind.DIR, str(settings.ssl_cert_dir), "SSL_CERT_DIR"
    if settings.bundle_blob_url:
        from .blob import redact_url

        return SourceKind.BLOB, redact_url(settings.bundle_blob_url), "TRUST_BUNDLE_BLOB_URL"
    if settings.bundle_blob_connection_string is not None:
        location = f"{settings.bundle_blob_container}/{settings.bundle_blob_name}"
        return SourceKind.BLOB, location, "TRUST_BUNDLE_BLOB_CONNECTION_STRING"
    return SourceKind.PUBLIC, "", ""


def evaluate_bundle(
    settings: TrustSettings,
    raw: RawBundle | None,
    *,
    number: int,
    source_error: BundleSourceError | None = None,
    now: datetime | None = None,
    public_roots: str | None = None,
) -> TrustGeneration:
    """Verify `raw` and build its context; raises TrustConfigurationError in strict mode."""
    now = now or datetime.now(UTC)
    mode = settings.effective_mode
    kind, location, setting = describe_source(settings)
    problems: list[Problem] = []
    certificates = []
    trusted = []
    if raw is not None:
        kind, location, setting = raw.kind, raw.location, raw.setting
        parsed = [parse_certificates(data, origin) for origin, data in raw.files]
        verified = verify_certificates(
            parsed, now=now, expiry_warning_days=settings.expiry_warning_days
        )
        problems = raw.problems + verified.problems
        certificates = verified.certificates
        trusted = verified.trusted
        if raw.files and not trusted and not any(p.severity is Severity.ERROR for p in problems):
            problems.append(
                Problem(
                    Severity.ERROR,
                    "no_usable_ca",
                    f"none of the {len(certificates)} certificate(s) is a usable CA (see below)",
                    location,
                )
            )
    elif source_error is not None:
        problems.append(Problem(Severity.ERROR, "source_unavailable", str(source_error)))
    elif settings.enterprise_only:
        problems.append(
            Problem(
                Severity.ERROR,
                "nothing_configured",
                "TRUST_ENTERPRISE_ONLY is set but no bundle is configured: set SSL_CERT_FILE, "
                "SSL_CERT_DIR or TRUST_BUNDLE_BLOB_URL",
            )
        )
    else:
        problems.append(
            Problem(
                Severity.INFO,
                "public_roots_only",
                "no enterprise CA bundle configured (SSL_CERT_FILE, SSL_CERT_DIR, "
                "TRUST_BUNDLE_BLOB_URL): trusting the public roots only",
            )
        )
    # Strict mode refuses a bundle that is unusable as a whole (missing, unreadable, truncated,
    # not certificates, no usable CA left). Single CAs that fail verification (an expired root
    # left in an exported store, say) are reported and left out, and the rest is used: OpenSSL
    # could not have used them anyway, and refusing to start over them helps nobody.
    bundle_unusable = any(p.severity is Severity.ERROR for p in problems)
    some_rejected = any(not c.trusted for c in certificates)
    if bundle_unusable:
        status = TrustStatus.FAILED if mode is TrustMode.STRICT else TrustStatus.DEGRADED
    elif some_rejected:
        status = TrustStatus.DEGRADED
    else:
        status = TrustStatus.OK
    # Lenient fallback always keeps the public roots, even in enterprise-only mode.
    include_public = not settings.enterprise_only or bundle_unusable
    report = TrustReport(
        source_kind=kind,
        location=location,
        setting=setting,
        mode=mode.value,
        enterprise_only=settings.enterprise_only,
        status=status,
        generation=number,
        checked_at=now,
        public_roots_included=include_public,
        certificates=tuple(certificates),
        problems=tuple(problems),
    )
    if status is TrustStatus.FAILED:
        raise TrustConfigurationError(report)
    context = build_ssl_context(
        trusted, include_public_roots=include_public, public_roots=public_roots
    )
    return TrustGeneration(number, context, report, raw.fingerprint if raw else "")


def log_generation(generation: TrustGeneration) -> None:
    report = generation.report
    level = logging.WARNING if report.status is not TrustStatus.OK else logging.INFO
    log.log(level, report.summary_line())
    if any(p.severity is not Severity.INFO for p in report.all_problems):
        log.warning("trust report:\n%s", report.render_text())


async def load_trust(
    settings: TrustSettings,
    *,
    number: int = 1,
    wait_seconds: float | None = None,
    public_roots: str | None = None,
) -> TrustGeneration:
    """Startup entry point: wait for the mount, verify, build, log one summary line."""
    wait = settings.mount_wait_seconds if wait_seconds is None else wait_seconds
    source_error: BundleSourceError | None = None
    raw: RawBundle | None = None
    try:
        raw = await read_source(settings, wait_seconds=wait)
    except BundleSourceError as exc:
        source_error = exc
    try:
        generation = evaluate_bundle(
            settings,
            raw,
            number=number,
            source_error=source_error,
            public_roots=public_roots,
        )
    except TrustConfigurationError as exc:
        # The one line of this (refused) generation; the full report is the exception's text.
        log.error(exc.report.summary_line())
        raise
    log_generation(generation)
    return generation
