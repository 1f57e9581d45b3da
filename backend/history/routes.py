"""`/history/*`: the sample app's chat history API, scoped to the signed-in user.

Routes parse and check input, then call `HistoryService` through the runtime; ids of other
users' conversations get the same 404 as ids that do not exist.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

from quart import Blueprint, Response, current_app, jsonify, make_response, request

from backend.auth import get_authenticated_user
from backend.chat.arguments import build_model_args, client_ip
from backend.chat.formatting import to_json_line
from backend.chat.models import ChatMessage, parse_conversation_request
from backend.chat.routes import JSON_LINES, read_json_body
from backend.chat.service import ChatService
from backend.config import CONFIG_CHAT_SERVICE, CONFIG_CLIENTS, CONFIG_HISTORY, CONFIG_SETTINGS
from backend.errors import BadRequestError
from backend.history.errors import (
    HistoryNotConfiguredError,
    HistoryUnavailableError,
    SignInRequiredError,
)
from backend.history.recorder import AnswerRecorder
from backend.history.runtime import HistoryRuntime
from backend.history.service import NewMessage
from backend.history.titles import generate_title
from backend.history.validation import (
    parse_feedback,
    parse_offset,
    require_id,
    require_object,
    require_title,
)
from backend.settings import AppSettings

__all__ = ["history_bp"]

history_bp = Blueprint("history", __name__, url_prefix="/history")

SIGN_IN_REQUIRED = (
    "Sign-in required: the request carries no App Service authentication principal "
    "(X-MS-CLIENT-PRINCIPAL-ID). Sign in through App Service authentication, or set "
    "AUTH_ENABLED=false for local development."
)
# `/history/ensure` answers with the sample app's status codes, which its frontend reads.
_ENSURE_STATUS = {"credentials": 401, "database": 422, "container": 422}


def _runtime() -> HistoryRuntime:
    runtime: HistoryRuntime = current_app.config[CONFIG_HISTORY]
    return runtime


def _settings() -> AppSettings:
    settings: AppSettings = current_app.config[CONFIG_SETTINGS]
    return settings


def _user_id() -> str:
    user = get_authenticated_user(request.headers, auth_enabled=_settings().base.auth_enabled)
    if user is None:
        raise SignInRequiredError(SIGN_IN_REQUIRED)
    return user.user_principal_id


async def _json_object() -> dict[str, Any]:
    return require_object(await read_json_body())


@history_bp.post("/generate")
async def generate() -> Response:
    """Start (or continue) a conversation: title, save the question, stream the answer."""
    settings = _settings()
    runtime = _runtime()
    user_id = _user_id()
    body = await read_json_body()
    chat_request = parse_conversation_request(body)
    question = chat_request.messages[-1]
    if question.role != "user":
        raise BadRequestError("The last message must be the user's question (role 'user').")
    existing_id = require_id(body, "conversation_id") if body.get("conversation_id") else None

    async with runtime.service() as history:
        if existing_id is not None:
            conversation = await history.require_conversation(user_id, existing_id)
        else:
            title = await generate_title(
                current_app.config[CONFIG_CLIENTS],
                settings.azure_openai.model,
                [message.model_dump() for message in chat_request.messages],
            )
            conversation = await history.create_conversation(user_id, title)
        await history.add_messages(user_id, conversation["id"], [_new_message(question)])

    chat_request.conversation_id = conversation["id"]
    history_metadata = {
        "conversation_id": conversation["id"],
        "title": conversation["title"],
        "date": conversation["createdAt"],
    }
    user = get_authenticated_user(request.headers, auth_enabled=settings.base.auth_enabled)
    model_args = build_model_args(
        settings, chat_request, user=user, source_ip=client_ip(request.headers, request.remote_addr)
    )
    service: ChatService = current_app.config[CONFIG_CHAT_SERVICE]
    recorder = AnswerRecorder(runtime, user_id, conversation["id"])

    if not settings.azure_openai.stream:
        body, apim_request_id = await service.complete(model_args, history_metadata)
        body_response = jsonify(await recorder.save_completion(body))
        if apim_request_id:
            body_response.headers["apim-request-id"] = apim_request_id
        return body_response

    answer = await service.stream(model_args, history_metadata)
    response: Response = await make_response(_json_lines(recorder.stream(answer.lines)))  # type: ignore[assignment]
    response.timeout = None
    response.mimetype = JSON_LINES
    if answer.apim_request_id:
        response.headers["apim-request-id"] = answer.apim_request_id
    return response


def _new_message(message: ChatMessage) -> NewMessage:
    content: Any = message.content
    if isinstance(content, list):
        content = [part.model_dump(exclude_none=True) for part in content]
    extra = message.model_extra or {}
    message_id = extra.get("id")
    return NewMessage(
        role=message.role,
        content=content if content is not None else "",
        id=message_id if isinstance(message_id, str) else None,
    )


async def _json_lines(lines: AsyncIterator[dict[str, Any]]) -> AsyncIterator[str]:
    async for line in lines:
        yield to_json_line(line)


@history_bp.post("/update")
async def update() -> tuple[Response, int]:
    """Save the answer the browser received (the server already saved it; this is harmless)."""
    user_id = _user_id()
    body = await _json_object()
    conversation_id = require_id(body, "conversation_id")
    messages = body.get("messages")
    if not isinstance(messages, list) or not messages:
        raise BadRequestError("messages is required (a non-empty list).")
    if not all(isinstance(message, dict) for message in messages):
        raise BadRequestError("messages must be a list of objects with role and content.")
    if messages[-1].get("role") != "assistant":
        raise BadRequestError(
            "No assistant message found: the last message must be the answer (role 'assistant')."
        )
    to_save = (
        messages[-2:] if len(messages) > 1 and messages[-2].get("role") == "tool" else messages[-1:]
    )
    new_messages = [_update_message(message, index) for index, message in enumerate(to_save)]
    async with _runtime().service() as history:
        await history.add_messages(user_id, conversation_id, new_messages)
    return jsonify({"success": True}), 200


def _update_message(message: dict[str, Any], index: int) -> NewMessage:
    content = message.get("content")
    if content is None:
        content = ""
    if not isinstance(content, (str, list)):
        raise BadRequestError(f"messages[{index}].content must be a string or a list of parts.")
    message_id = message.get("id")
    return NewMessage(
        role=str(message["role"]),
        content=content,
        id=message_id if isinstance(message_id, str) and message_id else None,
    )


@history_bp.post("/message_feedback")
async def message_feedback() -> tuple[Response, int]:
    user_id = _user_id()
    body = await _json_object()
    message_id = require_id(body, "message_id")
    feedback = parse_feedback(body)
    async with _runtime().service() as history:
        await history.set_feedback(user_id, message_id, feedback)
    return jsonify(
        {
            "message": f"Successfully updated message with feedback {feedback}",
            "message_id": message_id,
        }
    ), 200


@history_bp.delete("/delete")
async def delete() -> tuple[Response, int]:
    user_id = _user_id()
    conversation_id = require_id(await _json_object(), "conversation_id")
    async with _runtime().service() as history:
        await history.delete(user_id, conversation_id)
    return jsonify(
        {
            "message": "Successfully deleted conversation and messages",
            "conversation_id": conversation_id,
        }
    ), 200


@history_bp.get("/list")
async def list_conversations() -> tuple[Response, int]:
    user_id = _user_id()
    offset = parse_offset(request.args.get("offset"))
    async with _runtime().service() as history:
        conversations = await history.list_conversations(user_id, offset)
    return jsonify(conversations), 200


@history_bp.post("/read")
async def read() -> tuple[Response, int]:
    user_id = _user_id()
    conversation_id = require_id(await _json_object(), "conversation_id")
    async with _runtime().service() as history:
        return jsonify(await history.read(user_id, conversation_id)), 200


@history_bp.post("/rename")
async def rename() -> tuple[Response, int]:
    user_id = _user_id()
    body = await _json_object()
    conversation_id = require_id(body, "conversation_id")
    title = require_title(body)
    async with _runtime().service() as history:
        return jsonify(await history.rename(user_id, conversation_id, title)), 200


@history_bp.delete("/delete_all")
async def delete_all() -> tuple[Response, int]:
    user_id = _user_id()
    async with _runtime().service() as history:
        count = await history.delete_all(user_id)
    return jsonify(
        {"message": f"Successfully deleted {count} conversations and their messages"}
    ), 200


@history_bp.post("/clear")
async def clear() -> tuple[Response, int]:
    user_id = _user_id()
    conversation_id = require_id(await _json_object(), "conversation_id")
    async with _runtime().service() as history:
        await history.clear(user_id, conversation_id)
    return jsonify(
        {
            "message": "Successfully deleted messages in conversation",
            "conversation_id": conversation_id,
        }
    ), 200


@history_bp.get("/ensure")
async def ensure() -> tuple[Response, int]:
    """Whether history is configured and working, with the reason when it is not."""
    try:
        message = await _runtime().ensure()
    except HistoryNotConfiguredError as exc:
        return jsonify({"error": exc.message}), 404
    except HistoryUnavailableError as exc:
        return jsonify({"error": exc.message}), _ENSURE_STATUS.get(exc.kind, 500)
    return jsonify({"message": message}), 200
