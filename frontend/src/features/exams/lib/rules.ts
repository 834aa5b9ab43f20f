// What the exam screens work out themselves, each the server's rule read the same way: the
// retake fee (EX-02), the rule behind a misconduct consequence (EX-03..EX-05), how many blanks
// a fill-in question has, and a question's key and a response as a clerk reads them.
import type { Consequence, ExamOutcome, ExamResult, ExamResponse, Key, QuestionKind } from '../api/exams';

/**
 * EX-02, as `exams::sittings::retake_needs_fee`: the retake after a first failure is free
 * except in a skill-level exam; every further one needs a new exam fee. `attemptNo` is 1 for
 * a first sitting.
 */
export function retakeNeedsFee(attemptNo: number, skillLevel: boolean): boolean {
  return attemptNo >= 3 || (attemptNo === 2 && skillLevel);
}

/** Whether a result sends the candidate to a retake: failed or disqualified. */
export const needsRetake = (outcome: ExamOutcome) => outcome === 'failed' || outcome === 'disqualified';

/** The retake list of a sitting: who failed, their next attempt and whether it needs a fee (EX-02). */
export function retakes(results: ExamResult[], skillLevel: boolean): { result: ExamResult; nextAttempt: number; feeDue: boolean }[] {
  return results
    .filter((r) => needsRetake(r.outcome))
    .map((r) => ({ result: r, nextAttempt: r.attempt_no + 1, feeDue: retakeNeedsFee(r.attempt_no + 1, skillLevel) }));
}

/** The rule a misconduct consequence follows. */
export function consequenceRule(c: Consequence): string {
  switch (c) {
    case 'warning':
    case 'disqualified':
      return 'EX-03';
    case 'programme_ban':
      return 'EX-04';
    case 'association_ban':
      return 'EX-05';
  }
}

/** The blanks of a fill-in question: each run of underscores or an empty bracket in its stem (at least one, at most ten as the server takes). */
export function blanksOf(stem: string): number {
  const n = (stem.match(/_{2,}|（\s*）|\(\s*\)/g) ?? []).length;
  return Math.min(10, Math.max(1, n));
}

/** The letter of an option (0 → A). */
export const letter = (i: number) => String.fromCharCode(65 + i);

/** Whether a response says anything (an empty text or no choice is not an answer). */
export function answered(r: ExamResponse | undefined): boolean {
  if (!r) return false;
  switch (r.kind) {
    case 'single_choice':
    case 'true_false':
      return true;
    case 'multiple_choice':
      return r.choices.length > 0;
    case 'fill_blank':
      return r.blanks.some((b) => b.trim() !== '');
    case 'short_answer':
      return r.text.trim() !== '';
  }
}

/** A key as the bank's keeper reads it: letters for choices, 对/错 (via `yesNo`), the spellings of each blank, the reference answer. */
export function keyText(key: Key, yesNo: (v: boolean) => string): string {
  switch (key.kind) {
    case 'single_choice':
      return letter(key.choice);
    case 'multiple_choice':
      return [...key.choices].sort((a, b) => a - b).map(letter).join('');
    case 'true_false':
      return yesNo(key.value);
    case 'fill_blank':
      return key.blanks.map((b) => b.join(' / ')).join(';');
    case 'short_answer':
      return key.reference;
  }
}

/** The kinds marked at once by the server; a short answer waits for the evaluators. */
export const objective = (k: QuestionKind) => k !== 'short_answer';
