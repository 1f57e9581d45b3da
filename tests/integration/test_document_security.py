"""Document-level security: the user's Microsoft Graph groups become the search filter.

Graph is a local HTTPS stand-in whose certificate comes from the tests' CA; the app trusts it
only through its shared TLS context (the bundle in SSL_CERT_FILE).
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from quart.testing import QuartClient

from tests.conftest import emulator_env
from tests.support.app_client import app_client
from tests.support.conversation import parse_lines, tool_payloads, user_turn
from tests.support.emulator import EmulatorHandle
from tests.support.stand_ins import USER_TOKEN, GraphStandIn

SIGNED_IN = {
    "X-Ms-Client-Principal-Id": "00000000-0000-0000-0000-0000000000aa",
    "X-Ms-Client-Principal-Name": "ada@contoso.com",
    "X-Ms-Client-Principal-Idp": "aad",
    "X-Ms-Token-Aad-Access-Token": USER_TOKEN,
}


def secured_env(
    emulator: EmulatorHandle, graph_url: str, bundle: Path, **overrides: str
) -> dict[str, str]:
    return emulator_env(
        emulator,
        DATASOURCE_TYPE="AzureCognitiveSearch",
        AZURE_SEARCH_SERVICE="contoso-search",
        AZURE_SEARCH_INDEX="handbook",
        AZURE_SEARCH_PERMITTED_GROUPS_COLUMN="group_ids",
        MICROSOFT_GRAPH_ENDPOINT=graph_url,
        SSL_CERT_FILE=str(bundle),
        AUTH_ENABLED="true",
        **overrides,
    )


@pytest.fixture
def app_env(
    emulator: EmulatorHandle, graph_stand_in: tuple[GraphStandIn, str], trust_bundle: Path
) -> dict[str, str]:
    return secured_env(emulator, graph_stand_in[1], trust_bundle)


async def test_search_is_filtered_to_every_group_of_the_user(
    client: QuartClient, emulator: EmulatorHandle, graph_stand_in: tuple[GraphStandIn, str]
) -> None:
    graph, _ = graph_stand_in

    response = await client.post("/conversation", json=user_turn("Leave?"), headers=SIGNED_IN)

    assert response.status_code == 200
    assert tool_payloads(parse_lines(await response.get_data()))
    ((source,),) = emulator.data_sources()
    assert source["parameters"]["filter"] == (
        "group_ids/any(g:search.in(g, 'g-staff, g-hr, g-paris'))"
    )
    assert len(graph.received) == 2  # both pages of the user's groups
    assert {r.authorization for r in graph.received} == {f"Bearer {USER_TOKEN}"}


async def test_a_request_without_the_users_token_is_refused_before_any_search(
    client: QuartClient, emulator: EmulatorHandle, graph_stand_in: tuple[GraphStandIn, str]
) -> None:
    headers = {k: v for k, v in SIGNED_IN.items() if k != "X-Ms-Token-Aad-Access-Token"}

    response = await client.post("/conversation", json=user_turn("Leave?"), headers=headers)

    assert response.status_code == 401
    error = (await response.get_json())["error"]
    assert "AZURE_SEARCH_PERMITTED_GROUPS_COLUMN" in error
    assert "X-Ms-Token-Aad-Access-Token" in error
    assert emulator.requests() == []
    assert graph_stand_in[0].received == []


async def test_a_token_graph_refuses_is_reported_as_such(
    client: QuartClient, emulator: EmulatorHandle
) -> None:
    headers = {**SIGNED_IN, "X-Ms-Token-Aad-Access-Token": "expired-token"}

    response = await client.post("/conversation", json=user_turn("Leave?"), headers=headers)

    assert response.status_code == 401
    assert "Microsoft Graph refused the user's access token" in (await response.get_json())["error"]
    assert emulator.requests() == []


async def test_a_slow_graph_ends_in_a_timeout_message_not_a_hang(
    emulator: EmulatorHandle, graph_stand_in: tuple[GraphStandIn, str], trust_bundle: Path
) -> None:
    graph, url = graph_stand_in
    graph.delay = 3.0
    env = secured_env(emulator, url, trust_bundle, MICROSOFT_GRAPH_TIMEOUT_SECONDS="0.5")

    async with app_client(env) as client:
        started = time.monotonic()
        response = await client.post("/conversation", json=user_turn("Leave?"), headers=SIGNED_IN)
        elapsed = time.monotonic() - started

    assert response.status_code == 504
    error = (await response.get_json())["error"]
    assert "Microsoft Graph" in error
    assert "MICROSOFT_GRAPH_TIMEOUT_SECONDS" in error
    assert elapsed < 2.5


async def test_graph_behind_an_untrusted_certificate_points_at_the_ca_bundle(
    emulator: EmulatorHandle, graph_stand_in: tuple[GraphStandIn, str]
) -> None:
    # Only the emulator's root is trusted: the stand-in CA is missing from the bundle.
    env = secured_env(emulator, graph_stand_in[1], emulator.root_pem)

    async with app_client(env) as client:
        response = await client.post("/conversation", json=user_turn("Leave?"), headers=SIGNED_IN)

    assert response.status_code == 502
    error = (await response.get_json())["error"]
    assert "failed certificate verification" in error
    assert "SSL_CERT_FILE" in error


async def test_a_group_id_that_is_not_an_id_never_reaches_the_filter(
    client: QuartClient, emulator: EmulatorHandle, graph_stand_in: tuple[GraphStandIn, str]
) -> None:
    graph_stand_in[0].group_ids = ["g-staff", "x') or true or ('"]

    response = await client.post("/conversation", json=user_turn("Leave?"), headers=SIGNED_IN)
    await response.get_data()

    ((source,),) = emulator.data_sources()
    assert source["parameters"]["filter"] == "group_ids/any(g:search.in(g, 'g-staff'))"


async def test_a_user_in_no_group_sees_no_document_rather_than_every_document(
    client: QuartClient, emulator: EmulatorHandle, graph_stand_in: tuple[GraphStandIn, str]
) -> None:
    graph_stand_in[0].group_ids = []

    response = await client.post("/conversation", json=user_turn("Leave?"), headers=SIGNED_IN)
    await response.get_data()

    ((source,),) = emulator.data_sources()
    assert source["parameters"]["filter"] == "group_ids/any(g:search.in(g, ''))"
