"""Keeps every saved message under Cosmos DB's 2 MB item limit, on both stores alike.

A question with a large inline image (a data URL in a multimodal message) would otherwise be
refused by Cosmos DB with a bare "request entity too large", and `/history/generate` would fail
before the model even answered. Instead the message is saved with its largest inline images
replaced by a short text part (`[image omitted: 3.1 MB]`), largest first, until it fits; text
that alone is still too large is shortened with a note saying so. The model still receives the
original message: only the saved copy is smaller. SQLite applies the same rule, so a history
reads the same whichever store wrote it and can move between them.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from typing import Any

from backend.history.documents import MessageDoc

__all__ = ["MAX_MESSAGE_BYTES", "FittedMessage", "fit_message"]

logger = logging.getLogger(__name__)

# Cosmos DB refuses items over 2 MB (2,097,152 bytes of JSON); its system properties
# (_rid, _self, _etag, _attachments, _ts) and the escaping it applies need some room.
MAX_MESSAGE_BYTES = 2_000_000

_SHORTENED_NOTE = "\n\n[message shortened: the full text ({size}) exceeds the chat history's limit]"


@dataclass
class FittedMessage:
    doc: MessageDoc
    changes: list[str] = field(default_factory=list)  # what was left out, for the log


def document_bytes(doc: MessageDoc | dict[str, Any]) -> int:
    return len(json.dumps(doc, ensure_ascii=False).encode())


def describe_size(size: int) -> str:
    if size >= 1_000_000:
        return f"{size / 1_000_000:.1f} MB"
    return f"{max(size // 1000, 1)} KB"


def fit_message(doc: MessageDoc, limit: int = MAX_MESSAGE_BYTES) -> FittedMessage:
    """`doc` itself when it fits, else a copy with inline images, then text, left out."""
    if document_bytes(doc) <= limit:
        return FittedMessage(doc)
    fitted: MessageDoc = {**doc}
    changes: list[str] = []
    content = doc["content"]
    if isinstance(content, list):
        parts = [dict(part) if isinstance(part, dict) else part for part in content]
        fitted["content"] = parts
        for index in sorted(
            (i for i, part in enumerate(parts) if _image_url(part) is not None),
            key=lambda i: -len(_image_url(parts[i]) or ""),
        ):
            size = _image_size(_image_url(parts[index]) or "")
            parts[index] = {"type": "text", "text": f"[image omitted: {describe_size(size)}]"}
            changes.append(f"an image of {describe_size(size)}")
            if document_bytes(fitted) <= limit:
                return FittedMessage(fitted, changes)
    _shorten_text(fitted, limit, changes)
    return FittedMessage(fitted, changes)


def _image_url(part: Any) -> str | None:
    if not isinstance(part, dict) or part.get("type") != "image_url":
        return None
    image = part.get("image_url")
    url = image.get("url") if isinstance(image, dict) else image
    return url if isinstance(url, str) else None


def _image_size(url: str) -> int:
    """The size of the image itself: a base64 data URL holds 3 bytes in every 4 characters."""
    if url.startswith("data:") and ";base64," in url:
        return len(url.partition(";base64,")[2]) * 3 // 4
    return len(url.encode())


def _shorten_text(doc: MessageDoc, limit: int, changes: list[str]) -> None:
    """Cut the longest text (the whole content, or the longest text part) to what fits."""
    content = doc["content"]
    if isinstance(content, str):
        doc["content"] = _cut(content, document_bytes(doc) - limit)
        changes.append(f"text of {describe_size(len(content.encode()))}")
        return
    if not isinstance(content, list):
        return
    texts = [
        i for i, part in enumerate(content) if isinstance(part, dict) and part.get("type") == "text"
    ]
    for index in sorted(texts, key=lambda i: -len(str(content[i].get("text", "")))):
        excess = document_bytes(doc) - limit
        if excess <= 0:
            return
        text = str(content[index].get("text", ""))
        content[index] = {**content[index], "text": _cut(text, excess)}
        changes.append(f"text of {describe_size(len(text.encode()))}")


def _json_bytes(text: str) -> int:
    return len(json.dumps(text, ensure_ascii=False).encode())


def _cut(text: str, excess: int) -> str:
    """`text` shortened so that its JSON is `excess` bytes smaller, with a note saying so."""
    note = _SHORTENED_NOTE.format(size=describe_size(len(text.encode())))
    budget = _json_bytes(text) - excess
    # JSON escaping makes characters cost 1 to 6 bytes: search for the longest prefix that fits.
    low, high = 0, len(text)
    while low < high:
        middle = (low + high + 1) // 2
        if _json_bytes(text[:middle] + note) <= budget:
            low = middle
        else:
            high = middle - 1
    return text[:low] + note
