import { describe, expect, it } from "vitest";
import { HARMFUL_REASONS, UNHELPFUL_REASONS, feedbackValue } from "./reasons";

const pick = (...keys: string[]) => [...UNHELPFUL_REASONS, ...HARMFUL_REASONS].filter((r) => keys.includes(r.key));

describe("feedbackValue", () => {
  it("joins the chosen reasons in the sample app's vocabulary", () => {
    expect(feedbackValue(pick("missing_citation", "wrong_citation"))).toBe("missing_citation,wrong_citation");
  });

  it("stores inaccurate and irrelevant as the sample app's single value, once", () => {
    expect(feedbackValue(pick("inaccurate", "irrelevant"))).toBe("inaccurate_or_irrelevant");
  });

  it("is plain negative feedback when no reason is chosen", () => {
    expect(feedbackValue([])).toBe("negative");
  });
});
