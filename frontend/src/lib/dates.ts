// Groups stored conversations under headings a reader scans quickly: Today, Yesterday, ...

import type { ConversationSummary } from "../api";

export interface ConversationGroup {
  label: string;
  conversations: ConversationSummary[];
}

function startOfDay(date: Date): number {
  return new Date(date.getFullYear(), date.getMonth(), date.getDate()).getTime();
}

const DAY = 24 * 60 * 60 * 1000;

function labelFor(when: Date, now: Date): string {
  const days = Math.round((startOfDay(now) - startOfDay(when)) / DAY);
  if (days <= 0) return "Today";
  if (days === 1) return "Yesterday";
  if (days < 7) return "Previous 7 days";
  if (days < 30) return "Previous 30 days";
  return when.toLocaleDateString(undefined, { month: "long", year: "numeric" });
}

function timestampOf(conversation: ConversationSummary): Date {
  const date = new Date(conversation.updatedAt || conversation.createdAt);
  return Number.isNaN(date.getTime()) ? new Date(0) : date;
}

/** Newest first; groups keep the order of their newest conversation. */
export function groupConversations(conversations: ConversationSummary[], now: Date = new Date()): ConversationGroup[] {
  const sorted = [...conversations].sort((a, b) => timestampOf(b).getTime() - timestampOf(a).getTime());
  const groups: ConversationGroup[] = [];
  for (const conversation of sorted) {
    const label = labelFor(timestampOf(conversation), now);
    const group = groups.find((g) => g.label === label);
    if (group) group.conversations.push(conversation);
    else groups.push({ label, conversations: [conversation] });
  }
  return groups;
}
