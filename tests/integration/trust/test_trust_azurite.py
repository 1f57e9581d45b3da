"""The bundle from Blob Storage (Azurite): connection string, SAS, rotation by ETag."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from azure.storage.blob import BlobSasPermissions, generate_blob_sas
from azure.storage.blob.aio import BlobServiceClient

from backend.trust import (
    SourceKind,
    TrustConfigurationError,
    TrustGeneration,
    TrustSettings,
    TrustStatus,
    TrustWatcher,
    build_ssl_context,
    create_azure_transport,
    create_httpx_client,
    load_trust,
)
from tests.support.azurite import ACCOUNT, ACCOUNT_KEY, Azurite
from tests.support.pki import PrivatePKI

CONTAINER = "certs"


class BlobBundle:
    """Uploads bundle versions to one blob, as an operator would."""

    def __init__(self, azurite: Azurite, service: BlobServiceClient, name: str) -> None:
        self.azurite = azurite
        self.name = name
        self._service = service

    @property
    def url(self) -> str:
        return f"{self.azurite.blob_endpoint}/{CONTAINER}/{self.name}"

    def sas(self, *, read: bool = True) -> str:
        return generate_blob_sas(
            ACCOUNT,
            CONTAINER,
            self.name,
            account_key=ACCOUNT_KEY,
            permission=BlobSasPermissions(read=read, write=not read),
            expiry=dt.datetime.now(dt.UTC) + dt.timedelta(hours=1),
        )

    async def upload(self, data: bytes) -> None:
        blob = self._service.get_blob_client(CONTAINER, self.name)
        await blob.upload_blob(data, overwrite=True)


@pytest.fixture
async def blob_bundle(
    azurite: Azurite, request: pytest.FixtureRequest
) -> AsyncIterator[BlobBundle]:
    transport = create_azure_transport(build_ssl_context([]))
    async with BlobServiceClient.from_connection_string(
        azurite.connection_string, transport=transport
    ) as service:
        container = service.get_container_client(CONTAINER)
        if not await container.exists():
            await container.create_container()
        yield BlobBundle(azurite, service, f"{request.node.name}.pem")


def _connection_settings(bundle: BlobBundle) -> TrustSettings:
    return TrustSettings(
        TRUST_BUNDLE_BLOB_CONNECTION_STRING=bundle.azurite.connection_string,
        TRUST_BUNDLE_BLOB_CONTAINER=CONTAINER,
        TRUST_BUNDLE_BLOB_NAME=bundle.name,
        TRUST_MODE="strict",
    )


async def test_bundle_from_a_connection_string(
    blob_bundle: BlobBundle, pki: PrivatePKI, tls_server: str
) -> None:
    await blob_bundle.upload(pki.root.pem)
    generation = await load_trust(_connection_settings(blob_bundle))
    report = generation.report
    assert report.source_kind is SourceKind.BLOB
    assert report.location == blob_bundle.url
    assert report.setting == "TRUST_BUNDLE_BLOB_CONNECTION_STRING"
    assert [c.subject for c in report.trusted_certificates] == [
        "CN=Contoso Test Root CA,O=Contoso Test"
    ]
    async with create_httpx_client(generation.context) as client:
        assert (await client.get(tls_server)).status_code == 200


async def test_bundle_from_a_sas_url_never_reports_the_sas(
    blob_bundle: BlobBundle, pki: PrivatePKI
) -> None:
    await blob_bundle.upload(pki.root.pem)
    sas = blob_bundle.sas()
    generation = await load_trust(
        TrustSettings(TRUST_BUNDLE_BLOB_URL=blob_bundle.url, TRUST_BUNDLE_BLOB_SAS=sas)
    )
    assert generation.report.status is TrustStatus.OK
    assert generation.report.setting == "TRUST_BUNDLE_BLOB_URL"
    exposed = json.dumps(generation.report.to_dict()) + generation.report.render_text()
    assert "sig=" not in exposed and sas.split("sig=")[1][:10] not in exposed


async def test_sas_inside_the_url_works_too(blob_bundle: BlobBundle, pki: PrivatePKI) -> None:
    await blob_bundle.upload(pki.root.pem)
    generation = await load_trust(
        TrustSettings(TRUST_BUNDLE_BLOB_URL=f"{blob_bundle.url}?{blob_bundle.sas()}")
    )
    assert len(generation.report.trusted_certificates) == 1
    assert "?" not in generation.report.location


async def test_missing_blob_is_explained(blob_bundle: BlobBundle) -> None:
    with pytest.raises(TrustConfigurationError) as raised:
        await load_trust(_connection_settings(blob_bundle))
    assert "the blob (or its container) does not exist" in str(raised.value)
    assert blob_bundle.url in str(raised.value)


async def test_sas_without_read_permission_is_access_denied(
    blob_bundle: BlobBundle, pki: PrivatePKI
) -> None:
    await blob_bundle.upload(pki.root.pem)
    write_only = blob_bundle.sas(read=False)
    with pytest.raises(TrustConfigurationError) as raised:
        await load_trust(
            TrustSettings(
                TRUST_BUNDLE_BLOB_URL=blob_bundle.url,
                TRUST_BUNDLE_BLOB_SAS=write_only,
                TRUST_MODE="strict",
            )
        )
    message = str(raised.value)
    assert "access denied" in message and "read (r) permission" in message
    assert write_only.split("sig=")[1][:10] not in message


async def test_connection_string_needs_container_and_name(azurite: Azurite) -> None:
    with pytest.raises(TrustConfigurationError, match="TRUST_BUNDLE_BLOB_CONTAINER and"):
        await load_trust(
            TrustSettings(
                TRUST_BUNDLE_BLOB_CONNECTION_STRING=azurite.connection_string, TRUST_MODE="strict"
            )
        )


async def test_new_etag_rotates_and_a_bad_upload_is_refused(
    blob_bundle: BlobBundle, pki: PrivatePKI, other_pki: PrivatePKI, tmp_path: Path
) -> None:
    await blob_bundle.upload(pki.root.pem)
    settings = _connection_settings(blob_bundle)
    first = await load_trust(settings)
    rotated: list[TrustGeneration] = []

    async def on_rotation(generation: TrustGeneration) -> None:
        rotated.append(generation)

    watcher = TrustWatcher(settings, first, on_rotation)
    try:
        assert await watcher.check_now() is None  # same ETag

        await blob_bundle.upload(b"<html>Sign in to continue</html>")
        assert await watcher.check_now() is None  # refused: the old trust stays
        assert watcher.current is first

        await blob_bundle.upload(pki.root.pem + other_pki.root.pem)
        second = await watcher.check_now()
    finally:
        await watcher.stop()
    assert second is not None and rotated == [second]
    assert second.number == 2
    assert second.fingerprint != first.fingerprint  # the new ETag
    assert len(second.report.trusted_certificates) == 2
