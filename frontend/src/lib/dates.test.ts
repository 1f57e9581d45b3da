import { describe, expect, it } from "vitest";
import { groupConversations } from "./dates";

const at = (id: string, iso: string) => ({ id, title: id, createdAt: iso, updatedAt: iso });

describe("groupConversations", () => {
  it("groups newest first under Today, Yesterday, previous days and months", () => {
    const now = new Date(2026, 10, 28, 12, 0);
    const groups = groupConversations(
      [
        at("old", new Date(2026, 5, 3).toISOString()),
        at("today", new Date(2026, 10, 28, 9).toISOString()),
        at("week", new Date(2026, 10, 24).toISOString()),
        at("yesterday", new Date(2026, 10, 27, 22).toISOString()),
      ],
      now,
    );
    expect(groups.map((g) => [g.label, g.conversations.map((c) => c.id)])).toEqual([
      ["Today", ["today"]],
      ["Yesterday", ["yesterday"]],
      ["Previous 7 days", ["week"]],
      [new Date(2026, 5, 3).toLocaleDateString(undefined, { month: "long", year: "numeric" }), ["old"]],
    ]);
  });
});
