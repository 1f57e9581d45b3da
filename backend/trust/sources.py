"""Reads the bundle from a mounted file or folder, waiting (bounded) for the mount to appear.

App Service mounts Azure Files / Blob path mappings asynchronously: the path may not exist for
the first seconds of the process. We wait up to `TRUST_MOUNT_WAIT_SECONDS`, then fail with a
message that names the path, the setting and the most likely cause.
"""

from __future__ import annotations

import asyncio
import difflib
import hashlib
import logging
import time
from dataclasses import dataclass, field
from pathlib import Path

from .errors import BundleSourceError
from .report import Problem, Severity, SourceKind

__all__ = ["CERT_SUFFIXES", "RawBundle", "read_dir", "read_file", "wait_for_mount"]

log = logging.getLogger(__name__)

CERT_SUFFIXES = (".pem", ".crt", ".cer", ".der")
_POLL_SECONDS = 0.25
_PROGRESS_EVERY_SECONDS = 10.0


@dataclass
class RawBundle:
    """The bytes of a bundle before parsing; `fingerprint` identifies this exact content."""

    kind: SourceKind
    location: str
    setting: str
    files: list[tuple[str, bytes]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    fingerprint: str = ""


def _is_ready(path: Path, kind: SourceKind) -> bool:
    if kind is SourceKind.FILE:
        return path.exists()
    return path.is_dir() and any(_cert_files(path))


async def wait_for_mount(path: Path, kind: SourceKind, setting: str, wait_seconds: float) -> None:
    """Return once `path` exists (a folder: holds a certificate file); raise after the wait."""
    if _is_ready(path, kind):
        return
    what = "file" if kind is SourceKind.FILE else "folder with certificate files"
    if wait_seconds > 0:
        log.info(
            "waiting up to %.0f s for the %s %s (%s) to appear: storage path mappings "
            "can be mounted after the app starts",
            wait_seconds,
            what,
            path,
            setting,
        )
        started = time.monotonic()
        next_progress = started + _PROGRESS_EVERY_SECONDS
        while time.monotonic() - started < wait_seconds:
            await asyncio.sleep(_POLL_SECONDS)
            if _is_ready(path, kind):
                log.info("%s appeared after %.1f s", path, time.monotonic() - started)
                return
            if time.monotonic() >= next_progress:
                log.info("still waiting for %s (%s)", path, setting)
                next_progress += _PROGRESS_EVERY_SECONDS
    raise BundleSourceError(
        explain_missing(path, kind, setting, wait_seconds), location=str(path), setting=setting
    )


def explain_missing(path: Path, kind: SourceKind, setting: str, waited: float) -> str:
    head = (
        f"{setting}={path}: "
        + ("the file does not exist" if kind is SourceKind.FILE else "no certificate files")
        + (f" (waited {waited:.0f} s)" if waited > 0 else "")
        + ". "
    )
    parent = path.parent if kind is SourceKind.FILE else path
    if kind is SourceKind.DIR and path.is_dir():
        return head + (
            f"The folder exists but holds no {'/'.join(CERT_SUFFIXES)} file: upload the "
            "certificates to the share or container that is mounted there."
        )
    if not parent.exists():
        return head + (
            f"The folder {parent} does not exist either: the storage path mapping is missing, "
            f"or mounted at another path. In App Service > Configuration > Path mappings, "
            f"mount the share or container at {parent}."
        )
    siblings = sorted(p.name for p in parent.iterdir()) if parent.is_dir() else []
    if not siblings:
        return head + (
            f"The folder {parent} is empty: the mount is not ready yet (raise "
            "TRUST_MOUNT_WAIT_SECONDS) or points at an empty share/container; upload the "
            "bundle there."
        )
    close = difflib.get_close_matches(path.name, siblings, n=1, cutoff=0.5)
    listing = ", ".join(siblings[:10]) + (" ..." if len(siblings) > 10 else "")
    hint = f" Did you mean '{close[0]}'?" if close else ""
    return head + f"The file name is wrong: {parent} contains {listing}.{hint}"


def read_file(path: Path, setting: str) -> RawBundle:
    bundle = RawBundle(SourceKind.FILE, str(path), setting)
    if path.is_dir():
        raise BundleSourceError(
            f"{setting}={path} is a folder, not a file: point {setting} at the bundle file, "
            "or set SSL_CERT_DIR to use every certificate in the folder",
            location=str(path),
            setting=setting,
        )
    data = _read_bytes(path, setting, fatal=True)
    assert data is not None
    bundle.files.append((str(path), data))
    bundle.fingerprint = hashlib.sha256(data).hexdigest()
    return bundle


def read_dir(path: Path, setting: str) -> RawBundle:
    bundle = RawBundle(SourceKind.DIR, str(path), setting)
    digest = hashlib.sha256()
    skipped = []
    for entry in sorted(path.iterdir()):
        if entry.suffix.lower() not in CERT_SUFFIXES or not entry.is_file():
            skipped.append(entry.name)
            continue
        data = _read_bytes(entry, setting, fatal=False, problems=bundle.problems)
        if data is None:
            continue
        bundle.files.append((str(entry), data))
        digest.update(entry.name.encode() + b"\0" + hashlib.sha256(data).digest())
    if skipped:
        bundle.problems.append(
            Problem(
                Severity.INFO,
                "skipped_files",
                f"ignored {len(skipped)} entr{'y' if len(skipped) == 1 else 'ies'} without a "
                f"{'/'.join(CERT_SUFFIXES)} suffix: {', '.join(skipped[:5])}",
                str(path),
            )
        )
    bundle.fingerprint = digest.hexdigest()
    return bundle


def _read_bytes(
    path: Path, setting: str, *, fatal: bool, problems: list[Problem] | None = None
) -> bytes | None:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        message = f"{setting}: {path} disappeared while being read; retry"
    except PermissionError:
        message = (
            f"{setting}: cannot read {path}: permission denied; make the file readable by "
            "the app's user (on a mount, check the share's permissions)"
        )
    except OSError as exc:
        message = f"{setting}: cannot read {path}: {exc.strerror or exc}"
    if fatal:
        raise BundleSourceError(message, location=str(path), setting=setting)
    assert problems is not None
    problems.append(Problem(Severity.ERROR, "unreadable", message, str(path)))
    return None


def _cert_files(path: Path) -> list[Path]:
    try:
        return [p for p in path.iterdir() if p.suffix.lower() in CERT_SUFFIXES]
    except OSError:
        return []
