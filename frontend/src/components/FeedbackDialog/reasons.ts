// Feedback values the backend stores (the sample app's vocabulary), with the words people see.

export const POSITIVE = "positive";
export const NEGATIVE = "negative";
export const NEUTRAL = "neutral";

export interface Reason {
  value: string;
  label: string;
}

export const UNHELPFUL_REASONS: Reason[] = [
  { value: "missing_citation", label: "Citations are missing" },
  { value: "wrong_citation", label: "Citations are wrong" },
  { value: "out_of_scope", label: "The answer is not from my data" },
  { value: "inaccurate", label: "Inaccurate" },
  { value: "irrelevant", label: "Irrelevant" },
  { value: "other_unhelpful", label: "Other" },
];

export const HARMFUL_REASONS: Reason[] = [
  { value: "hate_speech", label: "Hate speech, stereotyping, demeaning" },
  { value: "violent", label: "Violent: glorification of violence, self-harm" },
  { value: "sexual", label: "Sexual: explicit content, grooming" },
  { value: "manipulative", label: "Manipulative: devious, emotional, pushy, bullying" },
  { value: "other_harmful", label: "Other" },
];

/** The stored value: the chosen reasons, comma-separated, or plain "negative". */
export function feedbackValue(reasons: string[]): string {
  return reasons.length > 0 ? reasons.join(",") : NEGATIVE;
}
