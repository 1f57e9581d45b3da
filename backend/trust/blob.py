"""Reads the bundle from Azure Blob Storage (managed identity, SAS or connection string).

The first download happens before any enterprise trust exists, so it uses the public roots
(storage traffic is usually exempt from TLS inspection); later checks use the current trust
generation's context. Locations are shown without their query string: a SAS is a secret.
"""

from __future__ import annotations

import hashlib
import re
import ssl
from urllib.parse import urlsplit, urlunsplit

from azure.core.exceptions import (
    ClientAuthenticationError,
    HttpResponseError,
    ResourceNotFoundError,
    ServiceRequestError,
)
from azure.identity.aio import ManagedIdentityCredential
from azure.storage.blob.aio import BlobClient

from .errors import BundleSourceError
from .report import SourceKind
from .settings import TrustSettings
from .sources import RawBundle
from .transports import create_azure_transport

__all__ = ["BlobBundleSource", "redact_url"]

BLOB_SETTING = "TRUST_BUNDLE_BLOB_URL"
CONNECTION_SETTING = "TRUST_BUNDLE_BLOB_CONNECTION_STRING"


def redact_url(url: str) -> str:
    """Drop the query (SAS) and any user info from a URL before it is shown anywhere."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    if parts.port:
        host = f"{host}:{parts.port}"
    return urlunsplit((parts.scheme, host, parts.path, "", ""))


class BlobBundleSource:
    """One blob client per trust generation; `etag()` is the cheap change check."""

    def __init__(self, settings: TrustSettings, context: ssl.SSLContext) -> None:
        self._settings = settings
        self._credential: ManagedIdentityCredential | None = None
        self._client = self._create_client(settings, context)
        self.setting = CONNECTION_SETTING if self._uses_connection_string else BLOB_SETTING
        self.location = redact_url(self._client.url)

    @property
    def _uses_connection_string(self) -> bool:
        return (
            self._settings.bundle_blob_connection_string is not None
            and not self._settings.bundle_blob_url
        )

    def _create_client(self, settings: TrustSettings, context: ssl.SSLContext) -> BlobClient:
        transport = create_azure_transport(context)
        if settings.bundle_blob_url:
            url = settings.bundle_blob_url
            if settings.bundle_blob_sas is not None:
                sas = settings.bundle_blob_sas.get_secret_value().lstrip("?")
                url = f"{url}{'&' if '?' in url else '?'}{sas}"
                return BlobClient.from_blob_url(url, transport=transport)
            if "sig=" in urlsplit(url).query:
                return BlobClient.from_blob_url(url, transport=transport)
            self._credential = ManagedIdentityCredential(
                client_id=settings.bundle_blob_managed_identity_client_id,
                transport=create_azure_transport(context),
            )
            return BlobClient.from_blob_url(url, credential=self._credential, transport=transport)
        assert settings.bundle_blob_connection_string is not None
        if not settings.bundle_blob_container or not settings.bundle_blob_name:
            raise BundleSourceError(
                f"{CONNECTION_SETTING} is set but TRUST_BUNDLE_BLOB_CONTAINER and "
                "TRUST_BUNDLE_BLOB_NAME are not: set both to say which blob holds the bundle",
                location="(connection string)",
                setting=CONNECTION_SETTING,
            )
        return BlobClient.from_connection_string(
            settings.bundle_blob_connection_string.get_secret_value(),
            settings.bundle_blob_container,
            settings.bundle_blob_name,
            transport=transport,
        )

    async def etag(self) -> str:
        try:
            properties = await self._client.get_blob_properties()
        except Exception as exc:
            raise self._explain(exc) from exc
        return str(properties.etag)

    async def download(self) -> RawBundle:
        try:
            downloader = await self._client.download_blob()
            data = await downloader.readall()
        except Exception as exc:
            raise self._explain(exc) from exc
        etag = str(downloader.properties.etag)
        bundle = RawBundle(SourceKind.BLOB, self.location, self.setting)
        bundle.files.append((self.location, bytes(data)))
        # The ETag is what the watcher compares; the hash guards against an ETag-less server.
        bundle.fingerprint = etag or hashlib.sha256(data).hexdigest()
        return bundle

    async def close(self) -> None:
        await self._client.close()
        if self._credential is not None:
            await self._credential.close()

    def _explain(self, exc: Exception) -> BundleSourceError:
        where = f"{self.setting}: {self.location}"
        if isinstance(exc, ResourceNotFoundError):
            message = (
                f"{where}: the blob (or its container) does not exist; check the container "
                "and blob name"
            )
        elif isinstance(exc, ClientAuthenticationError) or (
            isinstance(exc, HttpResponseError) and exc.status_code in (401, 403)
        ):
            message = (
                f"{where}: access denied. With a SAS: it may have expired or lack read (r) "
                "permission. With managed identity: grant it 'Storage Blob Data Reader' on the "
                "container (and set TRUST_BUNDLE_BLOB_MANAGED_IDENTITY_CLIENT_ID for a "
                "user-assigned identity)"
            )
        elif isinstance(exc, ServiceRequestError) and isinstance(
            exc.__cause__ or exc.inner_exception, ssl.SSLError
        ):
            message = (
                f"{where}: TLS verification failed reaching storage (the first download uses "
                "the public roots): exempt the storage account from TLS inspection, or mount "
                "the bundle and use SSL_CERT_FILE"
            )
        elif isinstance(exc, ServiceRequestError):
            message = f"{where}: cannot reach the storage account ({_first_line(exc)})"
        elif isinstance(exc, HttpResponseError):
            message = f"{where}: storage answered HTTP {exc.status_code} ({exc.reason})"
        else:
            message = f"{where}: download failed ({type(exc).__name__}: {_first_line(exc)})"
        return BundleSourceError(message, location=self.location, setting=self.setting)


_SECRET_VALUE = re.compile(r"(?i)\b(sig|AccountKey|SharedAccessSignature)=[^&\s;'\"]+")


def _first_line(exc: BaseException) -> str:
    # Exception texts may quote a request URL; never let a SAS signature or key through.
    return _SECRET_VALUE.sub(r"\1=REDACTED", str(exc).split("\n", 1)[0][:200])
