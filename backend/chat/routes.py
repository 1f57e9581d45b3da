"""HTTP layer of the chat API: parse, call the service, format. No client is built here."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from typing import Any

from quart import Blueprint, Response, current_app, jsonify, make_response, request

from backend.auth import get_authenticated_user
from backend.chat.arguments import build_model_args, client_ip
from backend.chat.formatting import to_json_line
from backend.chat.models import parse_conversation_request
from backend.chat.service import ChatService
from backend.config import CONFIG_CHAT_SERVICE, CONFIG_SETTINGS
from backend.errors import BadRequestError
from backend.settings import AppSettings

logger = logging.getLogger(__name__)

chat_bp = Blueprint("chat", __name__)

JSON_LINES = "application/json-lines"


async def read_json_body() -> Any:
    body = await request.get_json(silent=True)
    if body is None:
        raise BadRequestError("The request body must be JSON (Content-Type: application/json).")
    return body


@chat_bp.post("/conversation")
async def conversation() -> Response:
    settings: AppSettings = current_app.config[CONFIG_SETTINGS]
    service: ChatService = current_app.config[CONFIG_CHAT_SERVICE]
    chat_request = parse_conversation_request(await read_json_body())
    user = get_authenticated_user(request.headers, auth_enabled=settings.base.auth_enabled)
    model_args = build_model_args(
        settings,
        chat_request,
        user=user,
        source_ip=client_ip(request.headers, request.remote_addr),
    )
    history_metadata = chat_request.history_metadata or {}

    if not settings.azure_openai.stream:
        body, apim_request_id = await service.complete(model_args, history_metadata)
        body_response = jsonify(body)
        if apim_request_id:
            body_response.headers["apim-request-id"] = apim_request_id
        return body_response

    answer = await service.stream(model_args, history_metadata)
    response: Response = await make_response(_json_lines(answer.lines))  # type: ignore[assignment]
    response.timeout = None  # a long answer must not be cut by Quart's response timeout
    response.mimetype = JSON_LINES
    if answer.apim_request_id:
        response.headers["apim-request-id"] = answer.apim_request_id
    return response


async def _json_lines(lines: AsyncIterator[dict[str, Any]]) -> AsyncIterator[str]:
    async for line in lines:
        yield to_json_line(line)
