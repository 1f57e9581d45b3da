"""The request body of `POST /conversation`, validated with clear messages."""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from backend.errors import BadRequestError

# Images must arrive inline: the model never fetches a URL on the browser's behalf.
_DATA_URL = re.compile(r"^data:image/(png|jpe?g|gif|webp);base64,[A-Za-z0-9+/=\s]+$")
MAX_MESSAGES = 500


class TextPart(BaseModel):
    type: Literal["text"]
    text: str


class ImageUrl(BaseModel):
    url: str
    detail: Literal["auto", "low", "high"] | None = None

    @field_validator("url")
    @classmethod
    def _must_be_data_url(cls, url: str) -> str:
        if not _DATA_URL.match(url):
            raise ValueError(
                "images must be sent inline as a base64 data URL "
                "(data:image/png|jpeg|gif|webp;base64,...)"
            )
        return url


class ImagePart(BaseModel):
    type: Literal["image_url"]
    image_url: ImageUrl


ContentPart = Annotated[TextPart | ImagePart, Field(discriminator="type")]


class ChatMessage(BaseModel):
    """One message as the browser sends it; unknown fields (id, date, feedback) are kept."""

    model_config = ConfigDict(extra="allow")

    role: Literal["user", "assistant", "tool", "function", "system"]
    content: str | list[ContentPart] | None = None
    name: str | None = None
    tool_call_id: str | None = None
    tool_calls: list[dict[str, Any]] | None = None


class ConversationRequest(BaseModel):
    model_config = ConfigDict(extra="allow")

    messages: list[ChatMessage] = Field(min_length=1, max_length=MAX_MESSAGES)
    history_metadata: dict[str, Any] | None = None
    conversation_id: str | None = None


def parse_conversation_request(body: object) -> ConversationRequest:
    """Validate a request body, or raise a 400 that says exactly what is wrong."""
    if not isinstance(body, dict):
        raise BadRequestError("The request body must be a JSON object with a 'messages' list.")
    try:
        return ConversationRequest.model_validate(body)
    except ValidationError as exc:
        problems = []
        for error in exc.errors(include_input=False, include_url=False)[:5]:
            where = ".".join(str(part) for part in error["loc"]) or "body"
            problems.append(f"{where}: {error['msg'].removeprefix('Value error, ')}")
        raise BadRequestError("Invalid request: " + "; ".join(problems)) from None
