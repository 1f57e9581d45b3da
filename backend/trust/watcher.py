"""Watches the bundle source for rotation and hands each new, verified generation on.

File and folder sources are compared by content hash, blobs by ETag. A changed bundle that
fails verification is refused (once per distinct content, so the log is not flooded) and the
current generation stays in force.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from dataclasses import replace

from .blob import BlobBundleSource
from .errors import BundleSourceError, TrustConfigurationError
from .loader import TrustGeneration, evaluate_bundle, log_generation, read_source
from .report import SourceKind
from .settings import TrustMode, TrustSettings
from .sources import RawBundle

__all__ = ["RotationCallback", "TrustWatcher"]

log = logging.getLogger("backend.trust")

RotationCallback = Callable[[TrustGeneration], Awaitable[None]]


class TrustWatcher:
    """Polls every `TRUST_WATCH_INTERVAL_SECONDS` (0 disables); `check_now()` polls once."""

    def __init__(
        self,
        settings: TrustSettings,
        current: TrustGeneration,
        on_rotation: RotationCallback,
        *,
        public_roots: str | None = None,
    ) -> None:
        self._settings = settings
        self._current = current
        self._on_rotation = on_rotation
        self._public_roots = public_roots
        self._refused: str | None = None
        self._last_source_error: str | None = None
        self._task: asyncio.Task[None] | None = None
        self._blob: BlobBundleSource | None = None
        self._lock = asyncio.Lock()

    @property
    def current(self) -> TrustGeneration:
        return self._current

    def start(self) -> None:
        interval = self._settings.watch_interval_seconds
        if interval <= 0 or self._task is not None:
            return
        if self._current.report.source_kind is SourceKind.PUBLIC:
            return  # nothing configured: nothing can rotate
        self._task = asyncio.create_task(self._run(interval), name="trust-watcher")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None
        if self._blob is not None:
            await self._blob.close()
            self._blob = None

    async def _run(self, interval: float) -> None:
        while True:
            await asyncio.sleep(interval)
            try:
                await self.check_now()
            except Exception:  # the watcher must outlive any one failed check
                log.exception("trust watcher: check failed; keeping generation %d", self.number)

    @property
    def number(self) -> int:
        return self._current.number

    async def check_now(self) -> TrustGeneration | None:
        """Return the new generation if the source changed and verified, else None."""
        async with self._lock:
            try:
                raw = await self._read_if_changed()
            except BundleSourceError as exc:
                if str(exc) != self._last_source_error:
                    log.warning(
                        "trust watcher: cannot read the bundle (%s); keeping generation %d",
                        exc,
                        self.number,
                    )
                    self._last_source_error = str(exc)
                return None
            self._last_source_error = None
            if raw is None:
                return None
            # A rotation is judged strictly whatever the mode: a bad bundle never replaces
            # one in force.
            strict = self._settings.model_copy(update={"mode": TrustMode.STRICT})
            try:
                generation = evaluate_bundle(
                    strict, raw, number=self.number + 1, public_roots=self._public_roots
                )
            except TrustConfigurationError as exc:
                self._refused = raw.fingerprint
                log.warning(
                    "trust watcher: refused the new bundle from %s; keeping generation %d:\n%s",
                    raw.location,
                    self.number,
                    exc.report.render_text(),
                )
                return None
            generation = _with_mode(generation, self._settings.effective_mode)
            await self._on_rotation(generation)
            self._current = generation
            self._refused = None
            log_generation(generation)
            await self._renew_blob_client()
            return generation

    async def _read_if_changed(self) -> RawBundle | None:
        if self._current.report.source_kind is SourceKind.BLOB:
            if self._blob is None:
                self._blob = BlobBundleSource(self._settings, self._current.context)
            etag = await self._blob.etag()
            if etag in (self._current.fingerprint, self._refused):
                return None
            return await self._blob.download()
        raw = await read_source(self._settings, wait_seconds=0)
        if raw is None or raw.fingerprint in (self._current.fingerprint, self._refused):
            return None
        return raw

    async def _renew_blob_client(self) -> None:
        # Later checks go through the new generation's trust.
        if self._blob is not None:
            await self._blob.close()
            self._blob = None


def _with_mode(generation: TrustGeneration, mode: TrustMode) -> TrustGeneration:
    """Report the configured mode, not the strict copy used for judging the rotation."""
    report = replace(generation.report, mode=mode.value)
    return replace(generation, report=report)
