"""The emulator's HTTP surface (aiohttp), with test controls under `/_emulator/`.

- `POST /openai/deployments/{name}/chat/completions?api-version=...`: the chat API.
- `GET /msi/token`: an App Service managed identity token endpoint (Entra ID tests).
- `GET|POST /_emulator/config`: answer length, per-token delay, faults (see `EmulatorConfig`).
- `GET /_emulator/stats`, `GET /_emulator/requests`, `GET /_emulator/data_sources`: what the
  emulator saw.
- Answers: see `emulator.answers` (`/echo`) and `emulator.replies` (on your data, tool calls).
"""

from __future__ import annotations

import asyncio
import json
import logging
import secrets
import time
import uuid
import weakref
from dataclasses import asdict, dataclass, field
from typing import Any

from aiohttp import web

from emulator import answers, datasource_faults, replies, wire

logger = logging.getLogger("emulator")


@dataclass
class EmulatorConfig:
    api_key: str = "emulator-key"
    deployments: list[str] = field(default_factory=lambda: ["gpt-4o"])
    answer_words: int = 40
    token_delay: float = 0.0
    # Faults: "none", "429", "500", "401", "drop" (connection dropped mid-stream),
    # "datasource" (a 400 about the request's data source; plain requests are answered).
    fault: str = "none"
    fault_count: int = 0  # how many requests the fault applies to (0: all while set)
    retry_after: int = 7
    drop_after_chunks: int = 3
    datasource_failure: str = "index"  # "index", "key" or "fields" (see datasource_faults)
    identity_header: str = "emulator-identity-secret"


@dataclass
class EmulatorStats:
    requests: int = 0
    tls_connections: int = 0
    streams_completed: int = 0
    streams_aborted: int = 0
    token_requests: int = 0


class Emulator:
    def __init__(self, config: EmulatorConfig) -> None:
        self.config = config
        self.stats = EmulatorStats()
        self.recorded: list[dict[str, Any]] = []
        self._tokens: set[str] = set()
        self._connections: weakref.WeakSet[Any] = weakref.WeakSet()

    # -- app -------------------------------------------------------------------------------
    def make_app(self) -> web.Application:
        app = web.Application(client_max_size=32 * 1024 * 1024)
        app.router.add_post(
            "/openai/deployments/{deployment}/chat/completions", self.chat_completions
        )
        app.router.add_get("/msi/token", self.msi_token)
        app.router.add_get("/_emulator/config", self.get_config)
        app.router.add_post("/_emulator/config", self.set_config)
        app.router.add_get("/_emulator/stats", self.get_stats)
        app.router.add_get("/_emulator/requests", self.get_requests)
        app.router.add_get("/_emulator/data_sources", self.get_data_sources)
        app.router.add_post("/_emulator/reset", self.reset)
        return app

    def _count_connection(self, request: web.Request) -> None:
        transport = request.transport
        if transport is not None and transport not in self._connections:
            self._connections.add(transport)
            self.stats.tls_connections += 1

    # -- chat ------------------------------------------------------------------------------
    async def chat_completions(self, request: web.Request) -> web.StreamResponse:
        self._count_connection(request)
        self.stats.requests += 1
        apim_request_id = str(uuid.uuid4())
        headers = {"apim-request-id": apim_request_id, "x-ms-region": "Local Emulator"}

        if not request.query.get("api-version"):
            return _json(404, wire.error_body("404", "Resource not found"), headers)
        if not self._authorized(request):
            return _json(
                401,
                wire.error_body(
                    "401",
                    "Access denied due to invalid subscription key or wrong API endpoint. "
                    "Make sure to provide a valid key for an active subscription and use a "
                    "correct regional API endpoint for your resource.",
                ),
                headers,
            )
        deployment = request.match_info["deployment"]
        if deployment not in self.config.deployments:
            return _json(
                404,
                wire.error_body(
                    "DeploymentNotFound",
                    "The API deployment for this resource does not exist. If you created the "
                    "deployment within the last 5 minutes, please wait a moment and try again.",
                ),
                headers,
            )
        try:
            body = await request.json()
        except json.JSONDecodeError:
            return _json(400, wire.error_body("BadRequest", "Invalid JSON body"), headers)
        messages = body.get("messages")
        if not isinstance(messages, list) or not messages:
            return _json(
                400, wire.error_body("BadRequest", "'messages' is a required property"), headers
            )
        self._record(request, body)
        if (problem := replies.check_request(body)) is not None:
            return _json(400, wire.error_body("BadRequest", problem), headers)

        fault = self._take_fault()
        if fault == "429":
            headers["retry-after"] = str(self.config.retry_after)
            return _json(
                429,
                wire.error_body(
                    "429",
                    "Requests to the ChatCompletions_Create Operation have exceeded the call "
                    f"rate limit. Please retry after {self.config.retry_after} seconds.",
                ),
                headers,
            )
        if fault == "500":
            return _json(
                500, wire.error_body("InternalServerError", "The server had an error."), headers
            )
        if fault == "401":
            return _json(401, wire.error_body("401", "Access denied."), headers)
        if fault == "datasource" and body.get("data_sources"):
            return _json(
                400,
                datasource_faults.datasource_error_body(
                    body["data_sources"][0], self.config.datasource_failure
                ),
                headers,
            )

        reply = replies.compose_reply(body, words=self.config.answer_words)
        if body.get("stream"):
            return await self._stream(request, reply, headers, drop=fault == "drop")
        prompt_tokens = sum(len(json.dumps(m)) // 4 for m in messages)
        payload = wire.completion(
            reply.text,
            reply.finish_reason,
            prompt_tokens,
            len(answers.tokens(reply.text or "")),
            message=replies.message(reply),
        )
        return _json(200, payload, headers)

    async def _stream(
        self, request: web.Request, reply: replies.Reply, headers: dict[str, str], *, drop: bool
    ) -> web.StreamResponse:
        response = web.StreamResponse(
            status=200, headers={**headers, "Content-Type": "text/event-stream"}
        )
        await response.prepare(request)
        cid, created = wire.completion_id(), int(time.time())
        chunks = [wire.first_stream_chunk()]
        chunks += [
            wire.stream_chunk(cid, created, delta, finish_reason=finish)
            for delta, finish in replies.stream_deltas(reply)
        ]
        try:
            for index, chunk in enumerate(chunks):
                if drop and index == self.config.drop_after_chunks:
                    # Simulate a connection lost mid-answer (no [DONE], no clean close).
                    if request.transport is not None:
                        request.transport.abort()
                    self.stats.streams_aborted += 1
                    return response
                await response.write(f"data: {json.dumps(chunk)}\n\n".encode())
                if self.config.token_delay and index > 0:
                    await asyncio.sleep(self.config.token_delay)
            await response.write(b"data: [DONE]\n\n")
            await response.write_eof()
        except ConnectionResetError:
            # The client went away mid-answer (as the app does when its browser leaves).
            self.stats.streams_aborted += 1
            return response
        except asyncio.CancelledError:
            self.stats.streams_aborted += 1
            raise
        self.stats.streams_completed += 1
        return response

    def _authorized(self, request: web.Request) -> bool:
        key = request.headers.get("api-key")
        if key is not None:
            return secrets.compare_digest(key, self.config.api_key)
        bearer = request.headers.get("Authorization", "")
        if bearer.startswith("Bearer "):
            return bearer.removeprefix("Bearer ") in self._tokens
        return False

    def _take_fault(self) -> str:
        fault = self.config.fault
        if fault == "none":
            return fault
        if self.config.fault_count:
            self.config.fault_count -= 1
            if self.config.fault_count == 0:
                self.config.fault = "none"
        return fault

    def _record(self, request: web.Request, body: dict[str, Any]) -> None:
        self.recorded.append(
            {
                "path": request.path,
                "query": dict(request.query),
                "auth": "api-key" if "api-key" in request.headers else "bearer",
                "body": body,
            }
        )
        del self.recorded[:-50]

    # -- managed identity ------------------------------------------------------------------
    async def msi_token(self, request: web.Request) -> web.Response:
        self._count_connection(request)
        self.stats.token_requests += 1
        secret = request.headers.get("X-IDENTITY-HEADER", "")
        if not secrets.compare_digest(secret, self.config.identity_header):
            return _json(401, {"error": "invalid identity header"}, {})
        token = "emulator-token-" + secrets.token_hex(8)
        self._tokens.add(token)
        return _json(
            200,
            {
                "access_token": token,
                "expires_on": str(int(time.time()) + 3600),
                "resource": request.query.get("resource", ""),
                "token_type": "Bearer",
            },
            {},
        )

    # -- controls --------------------------------------------------------------------------
    async def get_config(self, request: web.Request) -> web.Response:
        return _json(200, asdict(self.config), {})

    async def set_config(self, request: web.Request) -> web.Response:
        changes = await request.json()
        for name, value in changes.items():
            if not hasattr(self.config, name):
                return _json(400, {"error": f"unknown setting {name!r}"}, {})
            setattr(self.config, name, value)
        return _json(200, asdict(self.config), {})

    async def get_stats(self, request: web.Request) -> web.Response:
        return _json(200, asdict(self.stats), {})

    async def get_requests(self, request: web.Request) -> web.Response:
        return _json(200, self.recorded, {})

    async def get_data_sources(self, request: web.Request) -> web.Response:
        received = [r["body"]["data_sources"] for r in self.recorded if "data_sources" in r["body"]]
        return _json(200, received, {})

    async def reset(self, request: web.Request) -> web.Response:
        self.stats = EmulatorStats()
        self.recorded.clear()
        self.config.fault, self.config.fault_count = "none", 0
        self.config.datasource_failure = "index"
        return _json(200, asdict(self.stats), {})


def _json(status: int, body: Any, headers: dict[str, str]) -> web.Response:
    return web.json_response(body, status=status, headers=headers)
