"""The app end to end with enterprise trust: startup, /healthz, every source, the proxy."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding
from quart import Quart
from quart.testing.app import LifespanError

from backend.app import create_app
from tests.conftest import emulator_env, settings_from
from tests.integration.test_chat_answers import answer
from tests.support.azurite import Azurite
from tests.support.conversation import assistant_text, errors_of, parse_lines, user_turn
from tests.support.emulator import EmulatorHandle
from tests.support.environment import clean_environment
from tests.support.mitmproxy import Mitmproxy
from tests.support.processes import REPO_ROOT, free_port, python


async def _health(env: dict[str, str]) -> tuple[int, dict[str, object]]:
    app: Quart = create_app(settings_from(env))
    async with app.test_app() as test_app:
        response = await test_app.test_client().get("/healthz")
        return response.status_code, await response.get_json()


async def _chat(env: dict[str, str], text: str = "/echo trusted answer") -> tuple[int, bytes]:
    status, body, _ = await answer(env, user_turn(text))
    return status, body


async def test_health_shows_the_trust_report(emulator: EmulatorHandle) -> None:
    status, body = await _health(emulator_env(emulator))
    assert status == 200
    trust = body["checks"]["trust"]  # type: ignore[index]
    assert trust["status"] == "ok"
    assert trust["generation"] == 1
    assert trust["source"] == {
        "kind": "file",
        "location": str(emulator.root_pem),
        "setting": "SSL_CERT_FILE",
    }
    assert trust["ca_count"] == 1


async def test_lenient_start_without_the_bundle_is_degraded_and_says_why(
    emulator: EmulatorHandle, tmp_path: Path
) -> None:
    missing = tmp_path / "certs" / "ca_root_certs.pem"
    env = emulator_env(emulator, SSL_CERT_FILE=str(missing), TRUST_MOUNT_WAIT_SECONDS="0")
    status, body = await _health(env)
    assert status == 200  # degraded still serves
    assert body["status"] == "degraded"
    trust = body["checks"]["trust"]  # type: ignore[index]
    assert trust["status"] == "degraded" and trust["public_roots_included"] is True
    assert f"SSL_CERT_FILE={missing}: the file does not exist" in trust["problems"][0]["message"]

    chat_status, chat_body = await _chat(env)
    assert chat_status == 502
    assert "certificate verification" in chat_body.decode()


async def test_strict_start_refuses_an_unusable_bundle(
    emulator: EmulatorHandle, tmp_path: Path
) -> None:
    bundle = tmp_path / "ca_root_certs.pem"
    bundle.write_bytes(b"<html>Sign in</html>")
    env = emulator_env(emulator, SSL_CERT_FILE=str(bundle), TRUST_MODE="strict")
    app = create_app(settings_from(env))
    with pytest.raises(LifespanError, match="not a certificate: found an HTML page"):
        async with app.test_app():
            pass


def test_served_app_exits_on_an_unusable_bundle_in_strict_mode(
    emulator: EmulatorHandle, tmp_path: Path
) -> None:
    bundle = tmp_path / "ca_root_certs.pem"
    bundle.write_bytes(b"")
    env = {
        **clean_environment(),
        **emulator_env(emulator, SSL_CERT_FILE=str(bundle)),
        "WEBSITE_SITE_NAME": "contoso-chat",  # App Service: strict by default
    }
    completed = subprocess.run(
        [python(), "-m", "uvicorn", "app:app", "--port", str(free_port())],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert completed.returncode != 0
    assert "refusing to start with an unusable enterprise CA bundle (TRUST_MODE=strict)" in (
        completed.stderr
    )
    assert f"{bundle}: the file is empty (0 bytes)" in completed.stderr
    # The report says it all, once, without a traceback burying it in the log stream.
    assert completed.stderr.count("the file is empty (0 bytes)") == 1
    assert "Traceback" not in completed.stderr


async def test_without_a_bundle_the_chat_fails_with_a_trust_error(
    emulator: EmulatorHandle,
) -> None:
    status, body = await _chat(emulator_env(emulator, SSL_CERT_FILE=""))
    assert status == 502
    message = body.decode()
    assert "certificate verification" in message and "backend.trust doctor" in message


async def test_chat_with_app_service_der_certificates_in_ssl_cert_dir(
    emulator: EmulatorHandle, tmp_path: Path
) -> None:
    folder = tmp_path / "var-ssl-certs"
    folder.mkdir()
    root = x509.load_pem_x509_certificate(emulator.root_pem.read_bytes())
    (folder / "0123456789ABCDEF0123456789ABCDEF01234567.der").write_bytes(
        root.public_bytes(Encoding.DER)
    )
    status, body = await _chat(emulator_env(emulator, SSL_CERT_FILE="", SSL_CERT_DIR=str(folder)))
    assert status == 200
    assert assistant_text(parse_lines(body)) == "trusted answer"


async def test_chat_with_the_bundle_from_blob_storage(
    emulator: EmulatorHandle, azurite: Azurite
) -> None:
    from azure.storage.blob.aio import BlobServiceClient

    from backend.trust import build_ssl_context, create_azure_transport

    transport = create_azure_transport(build_ssl_context([]))
    async with BlobServiceClient.from_connection_string(
        azurite.connection_string, transport=transport
    ) as service:
        container = service.get_container_client("app-certs")
        if not await container.exists():
            await container.create_container()
        await container.upload_blob(
            "ca_root_certs.pem", emulator.root_pem.read_bytes(), overwrite=True
        )
    env = emulator_env(
        emulator,
        SSL_CERT_FILE="",
        TRUST_BUNDLE_BLOB_CONNECTION_STRING=azurite.connection_string,
        TRUST_BUNDLE_BLOB_CONTAINER="app-certs",
        TRUST_BUNDLE_BLOB_NAME="ca_root_certs.pem",
    )
    status, body = await _chat(env)
    assert status == 200
    assert assistant_text(parse_lines(body)) == "trusted answer"


async def test_behind_the_proxy_chat_fails_without_its_ca(
    emulator: EmulatorHandle, emulator_proxy: Mitmproxy, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HTTPS_PROXY", emulator_proxy.url)
    status, body = await _chat(emulator_env(emulator))
    assert status == 502
    assert "certificate verification" in body.decode()
    assert emulator.stats()["requests"] == 0


async def test_behind_the_proxy_chat_streams_with_its_ca(
    emulator: EmulatorHandle,
    emulator_proxy: Mitmproxy,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    bundle = tmp_path / "ca_root_certs.pem"
    bundle.write_bytes(emulator.root_pem.read_bytes() + emulator_proxy.ca_pem.read_bytes())
    monkeypatch.setenv("HTTPS_PROXY", emulator_proxy.url)
    words = " ".join(f"w{i}" for i in range(25))
    status, body = await _chat(emulator_env(emulator, SSL_CERT_FILE=str(bundle)), f"/echo {words}")
    lines = parse_lines(body)
    assert status == 200 and errors_of(lines) == []
    assert assistant_text(lines) == words
    assert len(lines) > 2  # streamed as deltas, not one buffered blob
    assert emulator.stats()["requests"] == 1  # it reached the emulator through the proxy
