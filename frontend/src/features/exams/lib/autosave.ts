// The candidate's answers on their way to the server (issue 16 §4). Every answer is kept in the
// browser (localStorage, one entry per attempt) the moment it is given, then saved one question
// at a time with the attempt's counter (`seq`), which grows with every save the page sends —
// a resend after a dropped connection included — so the server, which keeps the highest `seq`
// per question, never lets a late retry overwrite a newer answer. A save that does not reach
// the server (no network) leaves the answer waiting; it is sent again, with a new `seq`, as soon
// as the browser says the network is back (the `online` event) or, while the browser believes
// it is online, after `retryMs`. Each save also carries the server's clock, which the countdown
// follows (lib/clock). A refusal because the paper is closed (409: deadline passed, handed in)
// ends the autosave; any other refusal is kept on its question.
//
// Plain TypeScript, no React: the page wires it to the DOM's online/offline events and renders
// its snapshots; the tests drive it with a fake `send`, a memory storage and a switchable network.
import { ApiProblem, toProblem } from '../../../lib/api/problem';
import type { AttemptView, ExamResponse, SaveOutcome } from '../api/exams';

/** What the page shows about saving, all questions together. */
export type SaveState = 'idle' | 'saving' | 'saved' | 'offline' | 'error';

/** One question's answer as the browser holds it. */
export interface LocalAnswer {
  response: ExamResponse;
  /** The `seq` it was last sent with (0: never sent). */
  seq: number;
  /** The server holds this answer. */
  saved: boolean;
}

interface Stored {
  /** The highest `seq` handed out for this attempt. */
  counter: number;
  answers: Record<string, LocalAnswer>;
}

export interface Snapshot {
  state: SaveState;
  /** The answers given, by position (saved or not). */
  answers: Record<number, ExamResponse>;
  /** Positions whose answer the server does not hold yet. */
  unsaved: number[];
  /** A refusal kept on its question (e.g. an answer that does not fit it). */
  errors: Record<number, ApiProblem>;
  /** The paper is closed (deadline passed or handed in): nothing more is saved. */
  closed?: ApiProblem;
}

export interface AutosaveOptions {
  attemptId: string;
  /** Sends one save; `key` is its Idempotency-Key. Rejects with the problem (status 0: no network). */
  send: (position: number, body: { seq: number; response: ExamResponse }, key: string) => Promise<SaveOutcome>;
  storage?: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;
  /** Whether the browser believes it is online (navigator.onLine). */
  online?: () => boolean;
  /** Each save's answer carries the server's clock and the deadline. */
  onServerTime?: (serverNow: string, deadline: string) => void;
  onChange?: (s: Snapshot) => void;
  /** How long to wait before sending a failed save again while the browser says it is online. */
  retryMs?: number;
}

export const storageKey = (attemptId: string) => `seforce.exam.${attemptId}`;

/** True for a failure that never reached the server (fetch threw). */
const unreachable = (p: ApiProblem) => p.status === 0;

export class Autosave {
  private readonly o: Required<Omit<AutosaveOptions, 'onServerTime' | 'onChange'>> & Pick<AutosaveOptions, 'onServerTime' | 'onChange'>;
  private stored: Stored;
  /** Bumped on every answer to a question, so a save's answer knows if it is still the newest. */
  private readonly revision = new Map<number, number>();
  private readonly inFlight = new Set<number>();
  private readonly again = new Set<number>();
  private readonly timers = new Map<number, ReturnType<typeof setTimeout>>();
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private networkDown = false;
  private readonly errors: Record<number, ApiProblem> = {};
  private closed: ApiProblem | undefined;
  private stopped = false;

  constructor(options: AutosaveOptions) {
    this.o = {
      storage: localStorage,
      online: () => navigator.onLine,
      retryMs: 5000,
      ...options,
    };
    this.stored = this.read();
  }

  private read(): Stored {
    try {
      const raw = this.o.storage.getItem(storageKey(this.o.attemptId));
      const s = raw ? (JSON.parse(raw) as Stored) : undefined;
      if (s && typeof s.counter === 'number' && s.answers && typeof s.answers === 'object') return s;
    } catch {
      // A damaged entry is dropped: the server's answers stand.
    }
    return { counter: 0, answers: {} };
  }

  private write(): void {
    // A stopped instance (the page left, or React's second mount in development) no longer
    // speaks for the stored answers: the live one does.
    if (this.stopped) return;
    try {
      this.o.storage.setItem(storageKey(this.o.attemptId), JSON.stringify(this.stored));
    } catch {
      // Storage full or refused: the answers still go to the server.
    }
  }

  /**
   * Takes the server's answers in: a question answered in this browser and not yet saved keeps
   * the browser's answer (and is sent); otherwise the server's answer stands. The counter
   * continues above everything either side has seen. Unsaved answers are sent at once.
   */
  load(view: Pick<AttemptView, 'answers'>): void {
    for (const a of view.answers) {
      this.stored.counter = Math.max(this.stored.counter, a.seq);
      const mine = this.stored.answers[a.position];
      if (mine && !mine.saved) continue;
      this.stored.answers[a.position] = { response: a.response, seq: a.seq, saved: true };
    }
    this.write();
    this.emit();
    void this.flush();
  }

  /**
   * The candidate answered question `position`: kept at once, sent after `delayMs` (typing
   * waits). Resolves when a save sent at once has settled.
   */
  answer(position: number, response: ExamResponse, delayMs = 0): Promise<void> {
    if (this.closed || this.stopped) return Promise.resolve();
    this.stored.answers[position] = { response, seq: this.stored.answers[position]?.seq ?? 0, saved: false };
    this.revision.set(position, (this.revision.get(position) ?? 0) + 1);
    delete this.errors[position];
    this.write();
    const t = this.timers.get(position);
    if (t) clearTimeout(t);
    if (delayMs > 0) {
      this.timers.set(
        position,
        setTimeout(() => {
          this.timers.delete(position);
          void this.sendOne(position);
        }, delayMs),
      );
      this.emit();
      return Promise.resolve();
    }
    this.timers.delete(position);
    return this.sendOne(position);
  }

  /** Sends every answer the server does not hold yet (also the ones still waiting out their delay); resolves when those saves have settled. */
  async flush(): Promise<void> {
    for (const [p, t] of this.timers) {
      clearTimeout(t);
      this.timers.delete(p);
    }
    await Promise.all(this.unsaved().map((p) => this.sendOne(p)));
  }

  /** The browser says the network is back: send what waits. */
  onOnline(): Promise<void> {
    this.networkDown = false;
    this.emit();
    return this.flush();
  }

  /** The browser says the network is gone. */
  onOffline(): void {
    this.emit();
  }

  /** The paper was handed in: nothing more to keep. */
  finish(): void {
    this.stop();
    try {
      this.o.storage.removeItem(storageKey(this.o.attemptId));
    } catch {
      // Nothing kept, or storage refused: nothing to remove.
    }
  }

  /** Stops timers (the page is left); what is kept stays kept. */
  stop(): void {
    this.stopped = true;
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
    if (this.retryTimer) clearTimeout(this.retryTimer);
  }

  private unsaved(): number[] {
    return Object.entries(this.stored.answers)
      .filter(([, a]) => !a.saved)
      .map(([p]) => Number(p))
      .sort((a, b) => a - b);
  }

  private async sendOne(position: number): Promise<void> {
    if (this.closed || this.stopped) return;
    const entry = this.stored.answers[position];
    if (!entry || entry.saved) return;
    if (this.inFlight.has(position)) {
      this.again.add(position);
      return;
    }
    if (!this.o.online()) {
      this.networkDown = true;
      this.emit();
      return;
    }
    const seq = ++this.stored.counter;
    const revision = this.revision.get(position) ?? 0;
    entry.seq = seq;
    this.write();
    this.inFlight.add(position);
    this.emit();
    try {
      const out = await this.o.send(position, { seq, response: entry.response }, `${this.o.attemptId}-${position}-${seq}`);
      this.networkDown = false;
      const now = this.stored.answers[position];
      // Saved unless the candidate changed the answer while it travelled (that one goes next).
      if (now && (this.revision.get(position) ?? 0) === revision) now.saved = true;
      this.stored.counter = Math.max(this.stored.counter, out.seq);
      this.o.onServerTime?.(out.server_now, out.deadline);
    } catch (e) {
      const p = toProblem(e);
      if (unreachable(p) || p.status >= 500 || p.status === 429) {
        if (unreachable(p)) this.networkDown = true;
        this.scheduleRetry();
      } else if (p.status === 409) {
        this.closed = p;
      } else {
        this.errors[position] = p;
      }
    } finally {
      this.inFlight.delete(position);
      this.write();
      if (this.again.delete(position)) void this.sendOne(position);
      this.emit();
    }
  }

  private scheduleRetry(): void {
    if (this.retryTimer || this.stopped) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      if (this.o.online()) void this.flush();
    }, this.o.retryMs);
  }

  snapshot(): Snapshot {
    const unsaved = this.unsaved();
    const answers: Record<number, ExamResponse> = {};
    for (const [p, a] of Object.entries(this.stored.answers)) answers[Number(p)] = a.response;
    let state: SaveState;
    if (Object.keys(this.errors).length > 0) state = 'error';
    else if (!this.o.online() || (this.networkDown && unsaved.length > 0)) state = 'offline';
    else if (this.inFlight.size > 0 || unsaved.length > 0) state = 'saving';
    else state = Object.keys(answers).length > 0 ? 'saved' : 'idle';
    return { state, answers, unsaved, errors: { ...this.errors }, closed: this.closed };
  }

  private emit(): void {
    this.o.onChange?.(this.snapshot());
  }
}
