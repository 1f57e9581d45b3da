// Feedback values the backend stores (the sample app's vocabulary), with the words people see.

export const POSITIVE = "positive";
export const NEGATIVE = "negative";
export const NEUTRAL = "neutral";

export interface Reason {
  /** Identifies the checkbox. */
  key: string;
  /** The value stored; the sample app's vocabulary, which the backend checks. */
  value: string;
  label: string;
}

export const UNHELPFUL_REASONS: Reason[] = [
  { key: "missing_citation", value: "missing_citation", label: "Citations are missing" },
  { key: "wrong_citation", value: "wrong_citation", label: "Citations are wrong" },
  { key: "out_of_scope", value: "out_of_scope", label: "The answer is not from my data" },
  // The sample app stores "inaccurate" and "irrelevant" as one value.
  { key: "inaccurate", value: "inaccurate_or_irrelevant", label: "Inaccurate" },
  { key: "irrelevant", value: "inaccurate_or_irrelevant", label: "Irrelevant" },
  { key: "other_unhelpful", value: "other_unhelpful", label: "Other" },
];

export const HARMFUL_REASONS: Reason[] = [
  { key: "hate_speech", value: "hate_speech", label: "Hate speech, stereotyping, demeaning" },
  { key: "violent", value: "violent", label: "Violent: glorification of violence, self-harm" },
  { key: "sexual", value: "sexual", label: "Sexual: explicit content, grooming" },
  { key: "manipulative", value: "manipulative", label: "Manipulative: devious, emotional, pushy, bullying" },
  { key: "other_harmful", value: "other_harmful", label: "Other" },
];

/** The stored value: the chosen reasons' values, each once, comma-separated; or "negative". */
export function feedbackValue(chosen: Reason[]): string {
  const values = [...new Set(chosen.map((reason) => reason.value))];
  return values.length > 0 ? values.join(",") : NEGATIVE;
}
