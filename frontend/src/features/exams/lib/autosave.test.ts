import { ApiProblem } from '../../../lib/api/problem';
import type { ExamResponse, SaveOutcome } from '../api/exams';
import { Autosave, storageKey, type AutosaveOptions, type Snapshot } from './autosave';
import { countdown, remainingMs, synced } from './clock';
import { blanksOf, consequenceRule, keyText, retakeNeedsFee, retakes } from './rules';

const ATTEMPT = '0197a000-0000-7000-8000-00000000a77e';
const T = (value: boolean): ExamResponse => ({ kind: 'true_false', value });
const text = (s: string): ExamResponse => ({ kind: 'short_answer', text: s });

function memoryStorage() {
  const m = new Map<string, string>();
  return {
    map: m,
    getItem: (k: string) => m.get(k) ?? null,
    setItem: (k: string, v: string) => void m.set(k, v),
    removeItem: (k: string) => void m.delete(k),
  };
}

interface Sent {
  position: number;
  seq: number;
  response: ExamResponse;
  key: string;
}

/** A server stand-in: records every save, answers it at once unless the network is down. */
function harness(opts: Partial<AutosaveOptions> = {}) {
  const storage = memoryStorage();
  const sent: Sent[] = [];
  const net = { up: true };
  const server = new Map<number, { seq: number; response: ExamResponse }>();
  const times: string[] = [];
  let last: Snapshot | undefined;
  const send: AutosaveOptions['send'] = async (position, body, key) => {
    if (!net.up) throw new TypeError('Failed to fetch');
    sent.push({ position, seq: body.seq, response: body.response, key });
    const held = server.get(position);
    if (!held || held.seq < body.seq) server.set(position, { seq: body.seq, response: body.response });
    const now = new Date(Date.UTC(2026, 11, 7, 2, 0, sent.length)).toISOString();
    return { position, seq: server.get(position)?.seq ?? body.seq, applied: server.get(position)?.seq === body.seq, server_now: now, deadline: '2026-12-07T03:30:00Z' } satisfies SaveOutcome;
  };
  const a = new Autosave({
    attemptId: ATTEMPT,
    send,
    storage,
    online: () => net.up,
    onServerTime: (n) => void times.push(n),
    onChange: (s) => (last = s),
    retryMs: 60_000,
    ...opts,
  });
  return { a, storage, sent, net, server, times, snap: () => last ?? a.snapshot() };
}

describe('the candidate’s autosave', () => {
  it('saves each answer with a counter that grows across questions, and says saved', async () => {
    const h = harness();
    h.a.load({ answers: [] });
    await h.a.answer(1, T(true));
    await h.a.answer(2, text('先断电'));
    await h.a.answer(1, T(false));
    expect(h.sent.map((s) => [s.position, s.seq])).toEqual([
      [1, 1],
      [2, 2],
      [1, 3],
    ]);
    expect(h.sent.map((s) => s.key)).toEqual([`${ATTEMPT}-1-1`, `${ATTEMPT}-2-2`, `${ATTEMPT}-1-3`]);
    expect(h.snap().state).toBe('saved');
    expect(h.snap().unsaved).toEqual([]);
    expect(h.server.get(1)?.response).toEqual(T(false));
    // Each answer carried the server's clock to the page.
    expect(h.times).toHaveLength(3);
  });

  it('keeps answers on the device while offline and resends them, with new counters, when the network is back', async () => {
    const h = harness();
    h.a.load({ answers: [] });
    await h.a.answer(1, T(true));
    expect(h.sent).toHaveLength(1);

    // The connection drops: the browser says so, and a save in flight fails.
    h.net.up = false;
    h.a.onOffline();
    expect(h.snap().state).toBe('offline');
    await h.a.answer(2, text('安抚乘客'));
    await h.a.answer(1, T(false));
    expect(h.sent).toHaveLength(1);
    expect(h.snap()).toMatchObject({ state: 'offline', unsaved: [1, 2] });
    // Kept in the browser the moment they were given.
    const kept = JSON.parse(h.storage.map.get(storageKey(ATTEMPT)) ?? '{}') as { answers: Record<string, { response: ExamResponse; saved: boolean }> };
    expect(kept.answers['1']).toMatchObject({ response: T(false), saved: false });
    expect(kept.answers['2']).toMatchObject({ response: text('安抚乘客'), saved: false });

    h.net.up = true;
    await h.a.onOnline();
    expect(h.sent.slice(1).map((s) => [s.position, s.seq])).toEqual([
      [1, 2],
      [2, 3],
    ]);
    expect(h.server.get(1)?.response).toEqual(T(false));
    expect(h.snap()).toMatchObject({ state: 'saved', unsaved: [] });
  });

  it('marks a save that failed on the wire as offline even while the browser believes it is online, and retries it', async () => {
    let fail = true;
    const sent: number[] = [];
    const a = new Autosave({
      attemptId: ATTEMPT,
      storage: memoryStorage(),
      online: () => true,
      retryMs: 60_000,
      send: async (position, body) => {
        if (fail) throw new TypeError('Failed to fetch');
        sent.push(body.seq);
        return { position, seq: body.seq, applied: true, server_now: '2026-12-07T02:00:00Z', deadline: '2026-12-07T03:30:00Z' };
      },
    });
    a.load({ answers: [] });
    await a.answer(3, T(true));
    expect(a.snapshot()).toMatchObject({ state: 'offline', unsaved: [3] });
    fail = false;
    await a.flush();
    // The failed try used seq 1; the resend takes the next.
    expect(sent).toEqual([2]);
    expect(a.snapshot().state).toBe('saved');
    a.stop();
  });

  it('picks up answers kept in the browser before a reload: unsaved ones win and are sent above the server’s counter', async () => {
    const storage = memoryStorage();
    storage.setItem(
      storageKey(ATTEMPT),
      JSON.stringify({ counter: 4, answers: { '1': { response: T(false), seq: 4, saved: false }, '2': { response: text('旧'), seq: 2, saved: true } } }),
    );
    const sent: [number, number][] = [];
    const a = new Autosave({
      attemptId: ATTEMPT,
      storage,
      online: () => true,
      send: async (position, body) => {
        sent.push([position, body.seq]);
        return { position, seq: body.seq, applied: true, server_now: '2026-12-07T02:00:00Z', deadline: '2026-12-07T03:30:00Z' };
      },
    });
    // The server holds an older answer to question 1 and a newer one to question 2 (saved from another tab).
    a.load({
      answers: [
        { position: 1, seq: 3, response: T(true) },
        { position: 2, seq: 7, response: text('新') },
      ],
    });
    await a.flush();
    expect(sent).toEqual([[1, 8]]);
    expect(a.snapshot().answers).toEqual({ 1: T(false), 2: text('新') });
    expect(a.snapshot().state).toBe('saved');
  });

  it('waits while the candidate types and sends the last text once', async () => {
    vi.useFakeTimers();
    try {
      const h = harness();
      h.a.load({ answers: [] });
      void h.a.answer(2, text('先'), 800);
      void h.a.answer(2, text('先断电'), 800);
      expect(h.sent).toHaveLength(0);
      expect(h.snap()).toMatchObject({ state: 'saving', unsaved: [2] });
      await vi.advanceTimersByTimeAsync(800);
      expect(h.sent.map((s) => s.response)).toEqual([text('先断电')]);
      expect(h.snap().state).toBe('saved');
    } finally {
      vi.useRealTimers();
    }
  });

  it('sends an answer changed while its save travels once more, and calls it saved only then', async () => {
    let release: (() => void) | undefined;
    const sent: [number, ExamResponse][] = [];
    const a = new Autosave({
      attemptId: ATTEMPT,
      storage: memoryStorage(),
      online: () => true,
      send: async (position, body) => {
        sent.push([body.seq, body.response]);
        if (body.seq === 1) await new Promise<void>((r) => (release = r));
        return { position, seq: body.seq, applied: true, server_now: '2026-12-07T02:00:00Z', deadline: '2026-12-07T03:30:00Z' };
      },
    });
    a.load({ answers: [] });
    const first = a.answer(1, T(true));
    await a.answer(1, T(false));
    expect(a.snapshot().unsaved).toEqual([1]);
    release?.();
    await first;
    await a.flush();
    expect(sent).toEqual([
      [1, T(true)],
      [2, T(false)],
    ]);
    expect(a.snapshot()).toMatchObject({ state: 'saved', unsaved: [] });
  });

  it('stops at a closed paper (409) and keeps a refused answer on its question', async () => {
    const closed = new ApiProblem(409, { status: 409, detail: '考试时间已到', detail_en: 'the deadline has passed' });
    const refused = new ApiProblem(422, { status: 422, detail: '答案类型与题型不符', detail_en: 'wrong kind' });
    const a = new Autosave({
      attemptId: ATTEMPT,
      storage: memoryStorage(),
      online: () => true,
      send: async (position) => {
        throw position === 2 ? refused : closed;
      },
    });
    a.load({ answers: [] });
    await a.answer(2, T(true));
    expect(a.snapshot().state).toBe('error');
    expect(a.snapshot().errors[2]?.status).toBe(422);
    await a.answer(1, T(true));
    expect(a.snapshot().closed?.status).toBe(409);
    // Nothing more is sent once the paper is closed.
    await a.answer(3, T(true));
    expect(a.snapshot().answers[3]).toBeUndefined();
  });

  it('forgets the kept answers once the paper is handed in', async () => {
    const h = harness();
    h.a.load({ answers: [] });
    await h.a.answer(1, T(true));
    expect(h.storage.map.has(storageKey(ATTEMPT))).toBe(true);
    h.a.finish();
    expect(h.storage.map.has(storageKey(ATTEMPT))).toBe(false);
  });
});

describe('the exam clock', () => {
  it('counts down from the deadline by the server’s clock, whatever the device’s says', () => {
    // The device is 10 minutes fast: it received the answer at 02:10 by its own clock, when the server said 02:00.
    const received = Date.parse('2026-12-07T02:10:00Z');
    const c = synced('2026-12-07T02:00:00Z', '2026-12-07T03:30:00Z', received);
    expect(remainingMs(c, received)).toBe(90 * 60_000);
    expect(remainingMs(c, received + 61_000)).toBe(90 * 60_000 - 61_000);
    expect(remainingMs(c, received + 2 * 3_600_000)).toBe(0);
    expect(countdown(90 * 60_000)).toBe('1:30:00');
    expect(countdown(59_001)).toBe('01:00');
    expect(countdown(0)).toBe('00:00');
  });
});

describe('the exam rules the screens work out', () => {
  it('EX-02: the first retake is free unless skill-level, the second never', () => {
    expect(retakeNeedsFee(1, false)).toBe(false);
    expect(retakeNeedsFee(2, false)).toBe(false);
    expect(retakeNeedsFee(3, false)).toBe(true);
    expect(retakeNeedsFee(2, true)).toBe(true);
    const r = (attempt_no: number, outcome: 'passed' | 'failed' | 'disqualified') =>
      ({ id: `${attempt_no}${outcome}`, attempt_no, outcome, name: outcome }) as Parameters<typeof retakes>[0][number];
    expect(retakes([r(1, 'passed'), r(1, 'failed'), r(2, 'disqualified')], false).map((x) => [x.result.name, x.nextAttempt, x.feeDue])).toEqual([
      ['failed', 2, false],
      ['disqualified', 3, true],
    ]);
  });
  it('names the rule behind each consequence, counts blanks and reads keys', () => {
    expect(['warning', 'disqualified', 'programme_ban', 'association_ban'].map((c) => consequenceRule(c as 'warning'))).toEqual(['EX-03', 'EX-03', 'EX-04', 'EX-05']);
    expect(blanksOf('压力表量程为工作压力的____至____倍')).toBe(2);
    expect(blanksOf('电梯的额定载重量是（ ）')).toBe(1);
    expect(blanksOf('没有空')).toBe(1);
    const yn = (v: boolean) => (v ? '对' : '错');
    expect(keyText({ kind: 'multiple_choice', choices: [2, 0] }, yn)).toBe('AC');
    expect(keyText({ kind: 'true_false', value: false }, yn)).toBe('错');
    expect(keyText({ kind: 'fill_blank', blanks: [['1.5', '一点五'], ['3']] }, yn)).toBe('1.5 / 一点五;3');
  });
});
