import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { json, renderPage, stubApi } from '../../../testing/render';
import type { AttemptView, ExamResponse } from '../api/exams';
import { storageKey } from '../lib/autosave';
import { AttemptPage } from './AttemptPage';

const SITTING = '0197a000-0000-7000-8000-0000000051a1';
const ATTEMPT = '0197a000-0000-7000-8000-0000000a77e1';

function view(over: Partial<AttemptView> = {}): AttemptView {
  return {
    id: ATTEMPT,
    sitting_id: SITTING,
    status: 'started',
    started_at: '2026-12-07T02:00:00Z',
    deadline: '2026-12-07T03:30:00Z',
    server_now: '2026-12-07T02:00:00Z',
    max_points: 20,
    objective_points: null,
    questions: [
      { position: 1, kind: 'true_false', stem: '电梯应当每15日进行一次维护保养。', options: [], points: 10 },
      { position: 2, kind: 'short_answer', stem: '简述电梯困人时的救援步骤。', options: [], points: 10 },
    ],
    answers: [],
    ...over,
  };
}

interface Save {
  position: number;
  seq: number;
  response: ExamResponse;
  key: string | null;
}

/** The server: starts the attempt, takes saves (refused as unreachable while `net.down`), hands in. */
function server(start: AttemptView = view()) {
  const saves: Save[] = [];
  const net = { down: false };
  const sent = stubApi((method, path, _url, body) => {
    if (method === 'POST' && path === `/api/v1/exam-sittings/${SITTING}/attempt`) return json(start);
    const save = new RegExp(`^/api/v1/exam-attempts/${ATTEMPT}/answers/(\\d+)$`).exec(path);
    if (method === 'PUT' && save) {
      if (net.down) throw new TypeError('Failed to fetch');
      const b = JSON.parse(body) as { seq: number; response: ExamResponse };
      saves.push({ position: Number(save[1]), seq: b.seq, response: b.response, key: null });
      return json({ position: Number(save[1]), seq: b.seq, applied: true, server_now: '2026-12-07T02:01:00Z', deadline: '2026-12-07T03:30:00Z' });
    }
    if (method === 'POST' && path === `/api/v1/exam-attempts/${ATTEMPT}/submission`) return json(view({ status: 'submitted', objective_points: 10, answers: [] }));
    return undefined;
  });
  return { saves, net, sent };
}

function goOffline(offline: boolean) {
  vi.spyOn(window.navigator, 'onLine', 'get').mockReturnValue(!offline);
  act(() => void window.dispatchEvent(new Event(offline ? 'offline' : 'online')));
}

const state = () => screen.getByTestId('save-state').getAttribute('data-state');

describe('the candidate’s exam screen', () => {
  beforeEach(() => localStorage.clear());
  afterEach(() => {
    vi.restoreAllMocks();
    vi.unstubAllGlobals();
  });

  it('counts down by the server’s clock, autosaves each answer with a growing seq, keeps answers through a dropped connection and resends them when it is back, then hands in', async () => {
    const s = server();
    renderPage(<AttemptPage />, { path: '/my-exams/:sittingId', route: `/my-exams/${SITTING}` });
    await screen.findByTestId('exam-paper');
    // 90 minutes from the server's now, whatever this machine's clock says.
    expect(screen.getByTestId('time-left').textContent).toMatch(/^剩余 1:(30:00|29:5\d)$/);

    fireEvent.click(screen.getByTestId('answer-true'));
    await waitFor(() => expect(s.saves).toHaveLength(1));
    expect(s.saves[0]).toMatchObject({ position: 1, seq: 1, response: { kind: 'true_false', value: true } });
    const put = s.sent.find((r) => r.method === 'PUT');
    expect(put?.headers.get('Idempotency-Key')).toBe(`${ATTEMPT}-1-1`);
    await waitFor(() => expect(state()).toBe('saved'));

    // The connection drops while the candidate writes the short answer.
    s.net.down = true;
    goOffline(true);
    await waitFor(() => expect(state()).toBe('offline'));
    fireEvent.change(screen.getByTestId('answer-text'), { target: { value: '安抚乘客、断电、盘车平层' } });
    expect(screen.getByTestId('offline-note').textContent).toContain('1 道题的答案已保存在本机');
    const q2 = screen.getAllByTestId('question')[1]!;
    expect(within(q2).getByTestId('question-state').textContent).toBe('待发送');
    const kept = JSON.parse(localStorage.getItem(storageKey(ATTEMPT)) ?? '{}') as { answers: Record<string, { response: ExamResponse; saved: boolean }> };
    expect(kept.answers['2']).toMatchObject({ response: { kind: 'short_answer', text: '安抚乘客、断电、盘车平层' }, saved: false });
    expect(s.saves).toHaveLength(1);

    // Handing in now is held back: the answer has not reached the server.
    fireEvent.click(screen.getByTestId('exam-submit'));
    const held = await screen.findByRole('dialog');
    expect(within(held).getAllByText('答案尚未全部提交').length).toBeGreaterThan(0);
    fireEvent.click(within(held).getByRole('button', { name: '是' }));

    // The network is back: the kept answer is sent at once, with the next seq.
    s.net.down = false;
    goOffline(false);
    await waitFor(() => expect(s.saves).toHaveLength(2));
    expect(s.saves[1]).toMatchObject({ position: 2, seq: 2, response: { kind: 'short_answer', text: '安抚乘客、断电、盘车平层' } });
    await waitFor(() => expect(state()).toBe('saved'));
    expect(screen.queryByTestId('offline-note')).toBeNull();

    fireEvent.click(screen.getByTestId('exam-submit'));
    expect((await screen.findByTestId('submit-summary')).textContent).toBe('2 道题均已作答。交卷后不能再修改。');
    fireEvent.click(screen.getByTestId('submit-confirm'));
    const done = await screen.findByTestId('handed-in');
    expect(done.getAttribute('data-status')).toBe('submitted');
    expect(screen.getByTestId('objective-points').textContent).toBe('客观题得分 10 / 20');
    expect(s.sent.filter((r) => r.path.endsWith('/submission'))).toHaveLength(1);
    // Nothing is kept on the device once handed in.
    expect(localStorage.getItem(storageKey(ATTEMPT))).toBeNull();
  });

  it('after a reload sends the answer kept in the browser above the server’s counter, and shows the server’s answers', async () => {
    localStorage.setItem(storageKey(ATTEMPT), JSON.stringify({ counter: 2, answers: { '2': { response: { kind: 'short_answer', text: '断电后盘车' }, seq: 2, saved: false } } }));
    const s = server(view({ answers: [{ position: 1, seq: 5, response: { kind: 'true_false', value: false } }] }));
    renderPage(<AttemptPage />, { path: '/my-exams/:sittingId', route: `/my-exams/${SITTING}` });
    await waitFor(() => expect(s.saves).toHaveLength(1));
    expect(s.saves[0]).toMatchObject({ position: 2, seq: 6 });
    expect((screen.getByTestId('answer-text') as HTMLTextAreaElement).value).toBe('断电后盘车');
    const falseButton = screen.getByTestId('answer-false').closest('label');
    expect(falseButton?.className).toContain('checked');
    await waitFor(() => expect(state()).toBe('saved'));
  });

  it('shows a paper already handed in instead of the questions', async () => {
    server(view({ status: 'auto_submitted', objective_points: 0 }));
    renderPage(<AttemptPage />, { path: '/my-exams/:sittingId', route: `/my-exams/${SITTING}` });
    expect((await screen.findByTestId('handed-in')).getAttribute('data-status')).toBe('auto_submitted');
    expect(screen.queryByTestId('exam-paper')).toBeNull();
  });
});
