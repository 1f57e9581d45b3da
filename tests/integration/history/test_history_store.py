"""The store contract, run against SQLite and the Cosmos DB test server alike."""

from __future__ import annotations

import asyncio

import pytest

from backend.errors import BadRequestError
from backend.history.errors import NotFoundError
from backend.history.service import PAGE_SIZE, HistoryService, NewMessage
from backend.history.store import HistoryStore

ALICE = "alice-principal-id"
BOB = "bob-principal-id"


def roles_and_contents(messages: list[dict[str, object]]) -> list[tuple[object, object]]:
    return [(message["role"], message["content"]) for message in messages]


async def test_a_conversation_keeps_its_messages_in_order(history: HistoryService) -> None:
    conversation = await history.create_conversation(ALICE, "Trip to Lisbon")
    await history.add_messages(ALICE, conversation["id"], [NewMessage("user", "Where to eat?")])
    await history.add_messages(
        ALICE,
        conversation["id"],
        [
            NewMessage("tool", '{"citations": []}', id="c-1"),
            NewMessage("assistant", "Try Alfama.", id="c-1"),
        ],
    )

    read = await history.read(ALICE, conversation["id"])

    assert roles_and_contents(read["messages"]) == [
        ("user", "Where to eat?"),
        ("tool", '{"citations": []}'),
        ("assistant", "Try Alfama."),
    ]
    # The citations message and its answer shared an id in the browser; both are kept.
    assert [m["id"] for m in read["messages"][1:]] == ["c-1-tool", "c-1"]
    created = [m["createdAt"] for m in read["messages"]]
    assert created == sorted(created) and len(set(created)) == 3


async def test_documents_have_the_sample_app_shape(
    history: HistoryService, store: HistoryStore
) -> None:
    conversation = await history.create_conversation(ALICE, "Shape")
    [message] = await history.add_messages(ALICE, conversation["id"], [NewMessage("user", "hi")])

    assert set(conversation) == {"id", "type", "userId", "title", "createdAt", "updatedAt"}
    assert conversation["type"] == "conversation" and conversation["userId"] == ALICE
    assert message["type"] == "message"
    assert message["conversationId"] == conversation["id"]
    assert message["feedback"] == ""
    stored = await store.get_conversation(ALICE, conversation["id"])
    assert stored is not None and stored["updatedAt"] >= message["createdAt"]


async def test_users_never_see_each_others_conversations(history: HistoryService) -> None:
    conversation = await history.create_conversation(ALICE, "Private")
    [answer] = await history.add_messages(
        ALICE, conversation["id"], [NewMessage("assistant", "secret", id="answer-1")]
    )

    assert await history.list_conversations(BOB, 0) == []
    for attempt in (
        history.read(BOB, conversation["id"]),
        history.rename(BOB, conversation["id"], "mine now"),
        history.delete(BOB, conversation["id"]),
        history.clear(BOB, conversation["id"]),
        history.set_feedback(BOB, answer["id"], "positive"),
        history.add_messages(BOB, conversation["id"], [NewMessage("assistant", "x")]),
    ):
        with pytest.raises(NotFoundError):
            await attempt
    # Alice's conversation is untouched.
    read = await history.read(ALICE, conversation["id"])
    assert [(m["content"], m["feedback"]) for m in read["messages"]] == [("secret", "")]
    assert (await history.list_conversations(ALICE, 0))[0]["title"] == "Private"


async def test_the_same_message_id_in_two_users_histories_is_two_messages(
    history: HistoryService,
) -> None:
    alice = await history.create_conversation(ALICE, "A")
    bob = await history.create_conversation(BOB, "B")
    await history.add_messages(ALICE, alice["id"], [NewMessage("assistant", "for alice", id="m")])
    await history.add_messages(BOB, bob["id"], [NewMessage("assistant", "for bob", id="m")])

    assert (await history.read(ALICE, alice["id"]))["messages"][0]["content"] == "for alice"
    assert (await history.read(BOB, bob["id"]))["messages"][0]["content"] == "for bob"


async def test_list_pages_25_newest_first(history: HistoryService) -> None:
    ids = []
    for number in range(PAGE_SIZE + 5):
        conversation = await history.create_conversation(ALICE, f"Conversation {number}")
        ids.append(conversation["id"])
    # Activity moves a conversation to the top.
    await history.add_messages(ALICE, ids[0], [NewMessage("user", "still there?")])

    first = await history.list_conversations(ALICE, 0)
    second = await history.list_conversations(ALICE, PAGE_SIZE)
    beyond = await history.list_conversations(ALICE, 2 * PAGE_SIZE)

    newest_first = [ids[0], *reversed(ids[1:])]
    assert [c["id"] for c in first] == newest_first[:PAGE_SIZE]
    assert [c["id"] for c in second] == newest_first[PAGE_SIZE:]
    assert beyond == []
    assert set(first[0]) == {"id", "title", "createdAt", "updatedAt", "userId", "type"}
    assert [c["id"] for c in await history.list_conversations(ALICE, 3)] == newest_first[3:28]


async def test_feedback_is_stored_on_the_message(history: HistoryService) -> None:
    conversation = await history.create_conversation(ALICE, "Feedback")
    await history.add_messages(
        ALICE, conversation["id"], [NewMessage("assistant", "42", id="answer-42")]
    )

    await history.set_feedback(ALICE, "answer-42", "negative,wrong_citation")

    [message] = (await history.read(ALICE, conversation["id"]))["messages"]
    assert message["feedback"] == "negative,wrong_citation"
    with pytest.raises(NotFoundError):
        await history.set_feedback(ALICE, "no-such-message", "positive")


async def test_concurrent_updates_keep_every_message_in_order(history: HistoryService) -> None:
    conversation = await history.create_conversation(ALICE, "Busy")
    updates = 8

    await asyncio.gather(
        *(
            history.add_messages(
                ALICE,
                conversation["id"],
                [
                    NewMessage("tool", f"citations {n}", id=f"answer-{n}"),
                    NewMessage("assistant", f"answer {n}", id=f"answer-{n}"),
                ],
            )
            for n in range(updates)
        )
    )

    messages = (await history.read(ALICE, conversation["id"]))["messages"]
    assert len(messages) == 2 * updates
    assert len({m["id"] for m in messages}) == 2 * updates
    # Each answer directly follows its own citations.
    for tool, answer in zip(messages[::2], messages[1::2], strict=True):
        assert tool["role"] == "tool" and answer["role"] == "assistant"
        assert tool["content"].replace("citations", "answer") == answer["content"]
    [listed] = await history.list_conversations(ALICE, 0)
    assert listed["updatedAt"] >= messages[-1]["createdAt"]


async def test_saving_an_answer_twice_keeps_one_copy_in_its_place(history: HistoryService) -> None:
    conversation = await history.create_conversation(ALICE, "Twice")
    await history.add_messages(ALICE, conversation["id"], [NewMessage("user", "q")])
    [first] = await history.add_messages(
        ALICE, conversation["id"], [NewMessage("assistant", "partial", id="a-1")]
    )
    await history.add_messages(ALICE, conversation["id"], [NewMessage("user", "next")])

    [again] = await history.add_messages(
        ALICE, conversation["id"], [NewMessage("assistant", "partial and more", id="a-1")]
    )

    messages = (await history.read(ALICE, conversation["id"]))["messages"]
    assert [m["content"] for m in messages] == ["q", "partial and more", "next"]
    assert again["createdAt"] == first["createdAt"]


async def test_an_answer_arriving_again_under_another_id_is_not_duplicated(
    history: HistoryService,
) -> None:
    conversation = await history.create_conversation(ALICE, "Dup")
    await history.add_messages(ALICE, conversation["id"], [NewMessage("user", "q")])
    await history.add_messages(
        ALICE, conversation["id"], [NewMessage("assistant", "the answer", id="server-id")]
    )

    await history.add_messages(
        ALICE, conversation["id"], [NewMessage("assistant", "the answer", id="browser-id")]
    )

    messages = (await history.read(ALICE, conversation["id"]))["messages"]
    assert [(m["id"], m["content"]) for m in messages[1:]] == [("server-id", "the answer")]


async def test_a_message_id_of_another_conversation_is_refused(history: HistoryService) -> None:
    first = await history.create_conversation(ALICE, "One")
    second = await history.create_conversation(ALICE, "Two")
    await history.add_messages(ALICE, first["id"], [NewMessage("assistant", "a", id="shared")])

    with pytest.raises(BadRequestError, match="already used by another conversation"):
        await history.add_messages(ALICE, second["id"], [NewMessage("assistant", "b", id="shared")])
    with pytest.raises(BadRequestError):
        await history.add_messages(
            ALICE, second["id"], [NewMessage("assistant", "c", id=first["id"])]
        )
    assert (await history.read(ALICE, first["id"]))["messages"][0]["content"] == "a"


async def test_deleting_a_conversation_deletes_its_messages(
    history: HistoryService, store: HistoryStore
) -> None:
    conversation = await history.create_conversation(ALICE, "Gone soon")
    await history.add_messages(
        ALICE, conversation["id"], [NewMessage("user", "q"), NewMessage("assistant", "a")]
    )
    kept = await history.create_conversation(ALICE, "Kept")
    await history.add_messages(ALICE, kept["id"], [NewMessage("user", "stay")])

    await history.delete(ALICE, conversation["id"])

    assert await store.list_messages(ALICE, conversation["id"]) == []
    assert [c["id"] for c in await history.list_conversations(ALICE, 0)] == [kept["id"]]
    with pytest.raises(NotFoundError):
        await history.delete(ALICE, conversation["id"])


async def test_clear_keeps_the_conversation_and_delete_all_removes_everything(
    history: HistoryService, store: HistoryStore
) -> None:
    first = await history.create_conversation(ALICE, "First")
    second = await history.create_conversation(ALICE, "Second")
    for conversation in (first, second):
        await history.add_messages(ALICE, conversation["id"], [NewMessage("user", "q")])
    bobs = await history.create_conversation(BOB, "Bob's")

    await history.clear(ALICE, first["id"])
    assert (await history.read(ALICE, first["id"]))["messages"] == []

    assert await history.delete_all(ALICE) == 2
    assert await history.list_conversations(ALICE, 0) == []
    assert await store.list_messages(ALICE, second["id"]) == []
    assert [c["id"] for c in await history.list_conversations(BOB, 0)] == [bobs["id"]]
    with pytest.raises(NotFoundError):
        await history.delete_all(ALICE)


async def test_rename_changes_only_the_title(history: HistoryService) -> None:
    conversation = await history.create_conversation(ALICE, "Old")

    renamed = await history.rename(ALICE, conversation["id"], "New title")

    assert renamed["title"] == "New title"
    assert renamed["createdAt"] == conversation["createdAt"]
    assert (await history.list_conversations(ALICE, 0))[0]["title"] == "New title"
    with pytest.raises(NotFoundError):
        await history.rename(ALICE, "no-such-conversation", "x")


async def test_image_content_round_trips(history: HistoryService) -> None:
    conversation = await history.create_conversation(ALICE, "Picture")
    content = [
        {"type": "text", "text": "What is this?"},
        {"type": "image_url", "image_url": {"url": "data:image/png;base64,iVBORw0KGgo="}},
    ]
    await history.add_messages(ALICE, conversation["id"], [NewMessage("user", content)])

    [message] = (await history.read(ALICE, conversation["id"]))["messages"]
    assert message["content"] == content


async def test_check_passes_on_a_working_store(store: HistoryStore) -> None:
    await store.check()
