"""The report reads the same in the log, on /healthz and in the doctor, and holds no secret."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest

from backend.trust import TrustSettings, load_trust
from backend.trust.blob import redact_url
from backend.trust.loader import describe_source
from backend.trust.report import render_report_dict
from tests.support.pki import Issued, PrivatePKI


async def test_one_summary_line_per_generation(
    tmp_path: Path, pki: PrivatePKI, caplog: pytest.LogCaptureFixture
) -> None:
    bundle = tmp_path / "ca.pem"
    bundle.write_bytes(pki.root.pem + pki.intermediate.pem)
    with caplog.at_level(logging.INFO, logger="backend.trust"):
        generation = await load_trust(TrustSettings(SSL_CERT_FILE=str(bundle)), wait_seconds=0)
    lines = [r.getMessage() for r in caplog.records if r.name == "backend.trust"]
    assert lines == [generation.report.summary_line()]
    earliest = min(pki.root.cert.not_valid_after_utc, pki.intermediate.cert.not_valid_after_utc)
    assert f"source=file {bundle} (SSL_CERT_FILE), 2 enterprise CA(s) + public roots" in lines[0]
    assert f"earliest expiry {earliest:%Y-%m-%d}" in lines[0]


async def test_text_and_json_carry_the_same_facts(
    tmp_path: Path, pki: PrivatePKI, expired_ca: Issued
) -> None:
    bundle = tmp_path / "ca.pem"
    bundle.write_bytes(pki.root.pem + expired_ca.pem)
    generation = await load_trust(TrustSettings(SSL_CERT_FILE=str(bundle)), wait_seconds=0)
    data = json.loads(json.dumps(generation.report.to_dict()))
    assert render_report_dict(data) == generation.report.render_text()
    assert data["status"] == "degraded"
    assert [c["trusted"] for c in data["certificates"]] == [True, False]
    assert data["certificates"][1]["problems"][0]["code"] == "expired"
    text = generation.report.render_text()
    assert "REJECTED" in text and "'Expired Root' expired on" in text


def test_blob_location_never_shows_the_sas() -> None:
    url = "https://acct.blob.core.windows.net/certs/ca.pem?sv=2024&sig=SECRET%3D"
    assert redact_url(url) == "https://acct.blob.core.windows.net/certs/ca.pem"
    settings = TrustSettings(TRUST_BUNDLE_BLOB_URL=url)
    assert "SECRET" not in describe_source(settings)[1]
