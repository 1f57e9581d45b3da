"""Local HTTPS stand-ins for the services the app calls besides Azure OpenAI: a prompt flow
endpoint, Azure Functions (the "tools" list and the "tool" runner) and Microsoft Graph's
group membership.

Each is a small aiohttp app on 127.0.0.1 with a certificate from the tests' private CA
(trustme); the app trusts that CA only through its shared TLS context (SSL_CERT_FILE).
Every stand-in records what it received and can be told to fail or to be slow.
"""

from __future__ import annotations

import asyncio
import json
import ssl
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

import trustme
from aiohttp import web

PROMPTFLOW_KEY = "flow-secret-key"
TOOLS_KEY = "tools-function-key"
TOOL_KEY = "tool-function-key"
USER_TOKEN = "user-access-token"


@dataclass
class Received:
    method: str
    path: str
    query: dict[str, str]
    authorization: str | None
    body: Any


@asynccontextmanager
async def serve_https(app: web.Application, ca: trustme.CA) -> AsyncIterator[str]:
    """Serve `app` over TLS on a free loopback port; yields its base URL."""
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ca.issue_cert("127.0.0.1", "localhost").configure_cert(context)
    # A short shutdown: a stand-in told to be slow must not hold the test up at the end.
    runner = web.AppRunner(app, access_log=None, shutdown_timeout=0.2)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0, ssl_context=context)
    await site.start()
    try:
        yield f"https://127.0.0.1:{runner.addresses[0][1]}"
    finally:
        await runner.cleanup()


async def _record(request: web.Request, into: list[Received]) -> Any:
    body = await request.json() if request.can_read_body else None
    into.append(
        Received(
            method=request.method,
            path=request.path,
            query=dict(request.query),
            authorization=request.headers.get("Authorization"),
            body=body,
        )
    )
    return body


@dataclass
class PromptflowStandIn:
    """A deployed flow: `{"reply": ..., "documents": [...]}` for a Bearer key."""

    reply: str = "Leave is 25 days a year."
    documents: list[dict[str, Any]] = field(
        default_factory=lambda: [
            {"title": "HR handbook", "url": "https://intranet.example.com/hr", "content": "25"}
        ]
    )
    status: int = 200
    delay: float = 0.0
    received: list[Received] = field(default_factory=list)

    def app(self) -> web.Application:
        app = web.Application()
        app.router.add_post("/score", self._score)
        return app

    async def _score(self, request: web.Request) -> web.Response:
        await _record(request, self.received)
        if self.delay:
            await asyncio.sleep(self.delay)
        if request.headers.get("Authorization") != f"Bearer {PROMPTFLOW_KEY}":
            return web.json_response({"message": "invalid key"}, status=401)
        if self.status != 200:
            return web.json_response({"message": "flow run failed"}, status=self.status)
        return web.json_response({"reply": self.reply, "documents": self.documents})


WEATHER_TOOL = {
    "type": "function",
    "function": {
        "name": "get_weather",
        "description": "The weather in a city",
        "parameters": {
            "type": "object",
            "properties": {"city": {"type": "string"}},
            "required": ["city"],
        },
    },
}


def _tool(name: str) -> dict[str, Any]:
    return {"type": "function", "function": {"name": name, "description": name}}


@dataclass
class FunctionsStandIn:
    """Azure Functions: GET /api/tools lists tools, POST /api/tool runs one (`?code=` keys).

    `get_weather` answers, `broken` fails with HTTP 500, `slow` takes `slow_seconds`.
    """

    tools: list[dict[str, Any]] = field(
        default_factory=lambda: [WEATHER_TOOL, _tool("broken"), _tool("slow")]
    )
    slow_seconds: float = 5.0
    received: list[Received] = field(default_factory=list)

    def app(self) -> web.Application:
        app = web.Application()
        app.router.add_get("/api/tools", self._tools)
        app.router.add_post("/api/tool", self._tool)
        return app

    def calls(self, method: str, path: str) -> list[Received]:
        return [r for r in self.received if r.method == method and r.path == path]

    async def _tools(self, request: web.Request) -> web.Response:
        await _record(request, self.received)
        if request.query.get("code") != TOOLS_KEY:
            return web.json_response({"error": "bad function key"}, status=401)
        return web.json_response(self.tools)

    async def _tool(self, request: web.Request) -> web.Response:
        body = await _record(request, self.received)
        if request.query.get("code") != TOOL_KEY:
            return web.json_response({"error": "bad function key"}, status=401)
        name, arguments = body["tool_name"], body["tool_arguments"]
        if name == "broken":
            return web.Response(status=500, text="Exception: the function crashed")
        if name == "slow":
            await asyncio.sleep(self.slow_seconds)
        if name == "get_weather":
            return web.Response(text=json.dumps({"city": arguments["city"], "sky": "sunny"}))
        return web.Response(text=f"{name} done")


@dataclass
class GraphStandIn:
    """`GET /v1.0/me/transitiveMemberOf`: the user's groups, in pages of `page_size`."""

    group_ids: list[str] = field(default_factory=lambda: ["g-staff", "g-hr", "g-paris"])
    page_size: int = 2
    delay: float = 0.0
    received: list[Received] = field(default_factory=list)

    def app(self) -> web.Application:
        app = web.Application()
        app.router.add_get("/v1.0/me/transitiveMemberOf", self._groups)
        return app

    async def _groups(self, request: web.Request) -> web.Response:
        await _record(request, self.received)
        if self.delay:
            await asyncio.sleep(self.delay)
        if request.headers.get("Authorization") != f"Bearer {USER_TOKEN}":
            return web.json_response({"error": {"code": "InvalidAuthenticationToken"}}, status=401)
        start = int(request.query.get("$skiptoken", "0"))
        page = self.group_ids[start : start + self.page_size]
        body: dict[str, Any] = {
            "value": [{"@odata.type": "#microsoft.graph.group", "id": gid} for gid in page]
        }
        if start + self.page_size < len(self.group_ids):
            next_page = request.url.with_query(
                {"$select": "id", "$skiptoken": start + self.page_size}
            )
            body["@odata.nextLink"] = str(next_page)
        return web.json_response(body)
