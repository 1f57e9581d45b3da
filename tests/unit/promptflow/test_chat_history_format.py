"""The conversation as a prompt flow expects it: the question, plus earlier turns as
`chat_history` of `{"inputs": {...}, "outputs": {...}}`."""

from __future__ import annotations

import pytest

from backend.errors import BadRequestError
from backend.promptflow.client import to_chat_history


def test_earlier_turns_become_inputs_and_outputs_under_the_configured_names() -> None:
    messages = [
        {"role": "system", "content": "Be brief."},
        {"role": "user", "content": "Hi"},
        {"role": "assistant", "content": "Hello!"},
        {"role": "tool", "content": '{"citations": []}'},
        {"role": "user", "content": [{"type": "text", "text": "Leave policy?"}]},
    ]

    question, history = to_chat_history(messages, "question", "answer")

    assert question == "Leave policy?"
    assert history == [{"inputs": {"question": "Hi"}, "outputs": {"answer": "Hello!"}}]


def test_a_conversation_without_a_user_message_is_a_bad_request() -> None:
    with pytest.raises(BadRequestError):
        to_chat_history([{"role": "assistant", "content": "?"}], "query", "reply")
