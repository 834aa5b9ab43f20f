import { problemRule, problemText } from '../messages';
import type { components } from './schema';

// RFC 9457 problem details as the server sends them, and helpers to show them where a clerk
// looks: on the form field, or as a message naming the rule.

export interface FieldError {
  pointer: string;
  code: string;
  /** Chinese. */
  message: string;
  /** English, where the server has it. */
  message_en?: string | null;
}

/**
 * A row an import refused: its line (the header is line 1), column and reason in both
 * languages, the rule that refused it, and whom it names (the ID number masked by the server).
 */
export type RejectedRow = components['schemas']['RejectedRow'];

export interface ProblemBody {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  detail_en?: string | null;
  request_id?: string;
  rule?: string | null;
  errors?: FieldError[];
  rejected?: RejectedRow[];
}

/** An error answer of the API, thrown by `unwrap`. */
export class ApiProblem extends Error {
  readonly status: number;
  readonly body: ProblemBody;

  constructor(status: number, body: ProblemBody) {
    super(body.detail ?? body.title ?? `HTTP ${status}`);
    this.name = 'ApiProblem';
    this.status = status;
    this.body = body;
  }

  /** The form field name a JSON pointer names: `/national_id` → `national_id`. */
  static fieldOf(pointer: string): string {
    return pointer.replace(/^\//, '').split('/')[0] ?? '';
  }

  /** The sentence for a message, in the screen's language, without the rule id. */
  summary(): string {
    return problemText(this.body, this.message);
  }

  /** The rule that refused, shown apart from the sentence. */
  rule(): string | undefined {
    return problemRule(this.body);
  }
}

/** Turns any thrown value into an ApiProblem (network failures become status 0). */
export function toProblem(e: unknown): ApiProblem {
  if (e instanceof ApiProblem) return e;
  return new ApiProblem(0, { title: e instanceof Error ? e.message : String(e) });
}

export async function problemFromResponse(res: Response): Promise<ApiProblem> {
  let body: ProblemBody = { status: res.status, title: res.statusText };
  try {
    body = (await res.json()) as ProblemBody;
  } catch {
    // Not JSON: keep the status line.
  }
  return new ApiProblem(res.status, body);
}
