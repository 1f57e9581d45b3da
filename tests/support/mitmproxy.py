"""mitmdump as the corporate TLS-inspecting proxy: its own CA, started on a free port."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from .processes import REPO_ROOT, free_port, port_accepts, running_process

MITMDUMP = REPO_ROOT / ".venv-mitmproxy" / "bin" / "mitmdump"


@dataclass(frozen=True)
class Mitmproxy:
    port: int
    confdir: Path

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def ca_pem(self) -> Path:
        """The proxy's own root CA (what a corporate proxy's clients must trust)."""
        return self.confdir / "mitmproxy-ca-cert.pem"


@contextmanager
def run_mitmdump(workdir: Path, upstream_ca: Path, *extra: str) -> Iterator[Mitmproxy]:
    """Start mitmdump trusting `upstream_ca` for the servers behind it."""
    if not MITMDUMP.exists():
        raise RuntimeError(f"{MITMDUMP} is missing: run scripts/tools/mitmproxy.sh first")
    confdir = workdir / "mitmproxy-conf"
    confdir.mkdir(parents=True, exist_ok=True)
    port = free_port()
    args = [
        str(MITMDUMP),
        "--listen-host",
        "127.0.0.1",
        "--listen-port",
        str(port),
        "--set",
        f"confdir={confdir}",
        "--set",
        f"ssl_verify_upstream_trusted_ca={upstream_ca}",
        "--set",
        "stream_large_bodies=1",
        *extra,
    ]
    # running_process starts it without the proxy variables of the test process.
    with running_process(
        args,
        log_path=workdir / "mitmdump.log",
        ready=lambda: port_accepts(port),
        what="mitmdump",
        timeout=60,
    ):
        yield Mitmproxy(port, confdir)
