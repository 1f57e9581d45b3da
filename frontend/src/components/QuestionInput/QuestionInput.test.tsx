import { fireEvent, render, screen } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { QuestionInput } from "./QuestionInput";

describe("QuestionInput", () => {
  it("sends on Enter and starts a new line on Shift+Enter", () => {
    const onSend = vi.fn();
    render(<QuestionInput disabled={false} allowImages={false} onSend={onSend} />);
    const box = screen.getByLabelText("Your question");
    fireEvent.change(box, { target: { value: "First line" } });
    fireEvent.keyDown(box, { key: "Enter", shiftKey: true });
    expect(onSend).not.toHaveBeenCalled();
    fireEvent.keyDown(box, { key: "Enter" });
    expect(onSend).toHaveBeenCalledWith("First line", null);
    expect((box as HTMLTextAreaElement).value).toBe("");
  });

  it("does not send an empty question or while an answer is in progress", () => {
    const onSend = vi.fn();
    const { rerender } = render(<QuestionInput disabled={false} allowImages={false} onSend={onSend} />);
    fireEvent.keyDown(screen.getByLabelText("Your question"), { key: "Enter" });
    rerender(<QuestionInput disabled allowImages={false} onSend={onSend} />);
    expect(screen.getByLabelText("Your question")).toHaveProperty("disabled", true);
    expect(onSend).not.toHaveBeenCalled();
  });
});
