"""Turn a validated request into the arguments of `chat.completions.create`."""

from __future__ import annotations

import json
from typing import Any

from backend.auth import AuthenticatedUser
from backend.chat.models import ChatMessage, ConversationRequest
from backend.datasources import build_data_source, payload_context
from backend.settings import AppSettings


def build_model_messages(
    settings: AppSettings, messages: list[ChatMessage]
) -> list[dict[str, Any]]:
    """The system message, then the conversation as the model expects it.

    The browser also sends back the `tool` messages that carried citations to it; the model
    must not see those (they answer no tool call), so only real tool results are kept.
    With a data source, the system message travels as its `role_information` instead.
    """
    result: list[dict[str, Any]] = []
    if settings.datasource is None:
        result.append({"role": "system", "content": settings.azure_openai.system_message})
    for message in messages:
        if message.role == "system":
            continue  # the configured system message is the only one
        if message.role == "tool" and not message.tool_call_id:
            continue
        if message.role == "function" and not message.name:
            continue
        entry: dict[str, Any] = {"role": message.role, "content": _content(message)}
        if message.name:
            entry["name"] = message.name
        if message.tool_call_id:
            entry["tool_call_id"] = message.tool_call_id
        if message.tool_calls:
            entry["tool_calls"] = message.tool_calls
        result.append(entry)
    return result


def _content(message: ChatMessage) -> str | list[dict[str, Any]] | None:
    if isinstance(message.content, list):
        return [part.model_dump(exclude_none=True) for part in message.content]
    return message.content


def build_model_args(
    settings: AppSettings,
    request: ConversationRequest,
    *,
    user: AuthenticatedUser | None,
    source_ip: str | None,
) -> dict[str, Any]:
    aoai = settings.azure_openai
    args: dict[str, Any] = {
        "model": aoai.model,
        "messages": build_model_messages(settings, request.messages),
        "temperature": aoai.temperature,
        "top_p": aoai.top_p,
        "max_tokens": aoai.max_tokens,
        "stop": aoai.stop_sequence,
        "stream": aoai.stream,
    }
    if aoai.seed is not None:
        args["seed"] = aoai.seed
    if settings.datasource is not None:
        args["extra_body"] = {"data_sources": data_sources(settings, user)}
    if settings.base.ms_defender_enabled:
        args["user"] = defender_user_context(
            user,
            source_ip=source_ip,
            application_name=settings.ui.title,
            conversation_id=request.conversation_id,
        )
    return args


def data_sources(settings: AppSettings, user: AuthenticatedUser | None) -> list[dict[str, Any]]:
    """The "on your data" entry (its group filter, if any, is resolved by the chat service)."""
    if settings.datasource is None:
        return []
    context = payload_context(
        settings.azure_openai,
        settings.search,
        user_token=user.access_token if user else None,
    )
    return [build_data_source(settings.datasource, context)]


def defender_user_context(
    user: AuthenticatedUser | None,
    *,
    source_ip: str | None,
    application_name: str,
    conversation_id: str | None,
) -> str:
    """The end-user context Microsoft Defender for Cloud reads from the `user` field."""
    provider = user.auth_provider if user else ""
    context = {
        "EndUserId": user.user_principal_id if user else None,
        "EndUserIdType": "EntraId" if provider == "aad" else provider or None,
        "EndUserTenantId": user.tenant_id if user else None,
        "SourceIp": source_ip,
        "ApplicationName": application_name,
        "ConversationId": conversation_id,
    }
    return json.dumps({key: value for key, value in context.items() if value})


def client_ip(headers: dict[str, str] | Any, remote_addr: str | None) -> str | None:
    """The browser's address: the first X-Forwarded-For hop (App Service adds it), no port."""
    forwarded = headers.get("X-Forwarded-For")
    address = forwarded.split(",")[0].strip() if forwarded else remote_addr
    if not address:
        return None
    if address.count(":") == 1:  # IPv4 with a port, as App Service forwards it
        address = address.split(":")[0]
    return address
