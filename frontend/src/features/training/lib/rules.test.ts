import type { Me } from '../../../lib/me';
import { fileNameOf } from './download';
import {
  LETTER_EXTS,
  MATERIAL_EXTS,
  blacklistExpiry,
  codeLifetime,
  mediaType,
  shanghaiToday,
  currentSession,
  isMyRefundTurn,
  parseSignIn,
  refreshDelayMs,
  refundStepIndex,
  refundTurn,
  requestOpen,
  secondsLeft,
  shanghaiIso,
  shanghaiYear,
  signInLink,
  unitPercent,
  uploadType,
} from './rules';

function me(roles: string[], kind = 'association', admin = false): Me {
  return {
    is_platform_admin: admin,
    user: { id: 'u', login: 'x', display_name: 'x', status: 'active', version: 1, created_at: '2026-01-01T00:00:00Z' },
    memberships: [{ id: 'm', user_id: 'u', organization_id: 'o', organization_name: '协会', organization_kind: kind, roles }],
  } as Me;
}

describe('refund turns (TR-14)', () => {
  it('follows the five steps in order, each with its role', () => {
    expect(refundTurn('requested')).toEqual({ step: 'department', roles: ['association_staff', 'association_admin'] });
    expect(refundTurn('department_confirmed')?.roles).toEqual(['finance']);
    expect(refundTurn('finance_confirmed')).toEqual({ step: 'leader', roles: ['association_admin'] });
    expect(refundTurn('leader_approved')).toEqual({ step: 'payout', roles: ['finance'] });
    expect(refundTurn('paid')).toBeNull();
    expect(refundTurn('rejected')).toBeNull();
    expect([refundStepIndex('requested'), refundStepIndex('leader_approved'), refundStepIndex('paid')]).toEqual([1, 4, 5]);
  });

  it('shows a step only to the role whose turn it is', () => {
    const finance = me(['finance']);
    const staff = me(['association_staff']);
    const leader = me(['association_admin']);
    expect(isMyRefundTurn(staff, 'requested')).toBe(true);
    expect(isMyRefundTurn(finance, 'requested')).toBe(false);
    expect(isMyRefundTurn(finance, 'department_confirmed')).toBe(true);
    expect(isMyRefundTurn(staff, 'finance_confirmed')).toBe(false);
    expect(isMyRefundTurn(leader, 'finance_confirmed')).toBe(true);
    expect(isMyRefundTurn(finance, 'leader_approved')).toBe(true);
    expect(isMyRefundTurn(leader, 'paid')).toBe(false);
    // A finance role in an enterprise is not the association's finance.
    expect(isMyRefundTurn(me(['finance'], 'enterprise'), 'department_confirmed')).toBe(false);
    expect(isMyRefundTurn(me([], 'enterprise', true), 'leader_approved')).toBe(true);
    expect(isMyRefundTurn(undefined, 'requested')).toBe(false);
  });
});

describe('deadlines', () => {
  const now = new Date('2026-11-23T09:00:00+08:00');
  it('opens leave and deferral until exactly one day before (TR-16, TR-10)', () => {
    expect(requestOpen('2026-11-24T09:00:00+08:00', now)).toBe(true);
    expect(requestOpen('2026-11-24T08:59:59+08:00', now)).toBe(false);
    expect(requestOpen('2026-11-23T08:00:00+08:00', now)).toBe(false);
  });

  it('reads picked date-times as Beijing time', () => {
    expect(shanghaiIso({ format: () => '2026-12-13T15:00:00' })).toBe('2026-12-13T07:00:00.000Z');
  });

  it('counts plan years in Asia/Shanghai', () => {
    expect(shanghaiYear('2026-12-31T16:30:00Z')).toBe(2027);
    expect(shanghaiYear('2026-12-31T15:59:59Z')).toBe(2026);
  });
});

describe('the session being marked', () => {
  const s = (id: string, from: string, to: string) => ({ id, starts_at: from, ends_at: to });
  const sessions = [s('b', '2026-11-24T05:00:00Z', '2026-11-24T08:00:00Z'), s('a', '2026-11-24T01:00:00Z', '2026-11-24T04:00:00Z')];
  it('is the running one, else the next, else the last', () => {
    expect(currentSession(sessions, new Date('2026-11-24T02:00:00Z'))?.id).toBe('a');
    expect(currentSession(sessions, new Date('2026-11-24T04:30:00Z'))?.id).toBe('b');
    expect(currentSession(sessions, new Date('2026-11-20T00:00:00Z'))?.id).toBe('a');
    expect(currentSession(sessions, new Date('2026-12-01T00:00:00Z'))?.id).toBe('b');
    expect(currentSession([], new Date())).toBeUndefined();
  });
});

describe('sign-in codes (TR-19)', () => {
  it('round-trips the link the QR code carries', () => {
    const link = signInLink('https://px.example.cn', 's-1', 'a.b+c/=');
    expect(link).toBe('https://px.example.cn/sign-in?session=s-1&code=a.b%2Bc%2F%3D');
    expect(parseSignIn(link)).toEqual({ code: 'a.b+c/=', session: 's-1' });
  });

  it('takes a pasted bare code, and refuses text that is neither', () => {
    expect(parseSignIn('  eyJ0.eyJz.sig ')).toEqual({ code: 'eyJ0.eyJz.sig' });
    expect(parseSignIn('')).toBeNull();
    expect(parseSignIn('two words')).toBeNull();
    expect(parseSignIn('https://px.example.cn/my-classes')).toBeNull();
  });

  it('renews five seconds before the code runs out, whatever the device clock says', () => {
    const fetched = Date.parse('2026-11-23T01:00:00Z');
    expect(codeLifetime('2026-11-23T01:01:00Z', fetched)).toBe(60);
    // device clock 20 s fast: the code looks shorter-lived, renew earlier
    expect(codeLifetime('2026-11-23T01:00:40Z', fetched)).toBe(40);
    // device clock slow: never trust more than 60 s
    expect(codeLifetime('2026-11-23T01:03:00Z', fetched)).toBe(60);
    // device clock far ahead: the code looks expired; assume the usual minute
    expect(codeLifetime('2026-11-23T00:58:00Z', fetched)).toBe(60);
    expect(refreshDelayMs(60)).toBe(55_000);
    expect(refreshDelayMs(3)).toBe(1000);
    expect(secondsLeft('2026-11-23T01:00:10Z', new Date(fetched))).toBe(10);
    expect(secondsLeft('2026-11-23T00:59:00Z', new Date(fetched))).toBe(0);
  });
});

describe('small helpers', () => {
  it('shows unit progress in percent', () => {
    expect(unitPercent({ seconds_watched: 90, duration_minutes: 3, completed: false })).toBe(50);
    expect(unitPercent({ seconds_watched: 500, duration_minutes: 3, completed: false })).toBe(100);
    expect(unitPercent({ seconds_watched: 0, duration_minutes: 3, completed: true })).toBe(100);
  });

  it('sends archive uploads with the type of their extension', () => {
    expect(uploadType('协议.PDF')).toBe('application/pdf');
    expect(uploadType('x.docx')).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    expect(uploadType('x.exe')).toBeNull();
  });

  it('names downloads after Content-Disposition', () => {
    expect(fileNameOf(`attachment; filename="t.xlsx"; filename*=UTF-8''%E8%AF%BE%E7%A8%8B%E8%A1%A8.xlsx`, 'f')).toBe('课程表.xlsx');
    expect(fileNameOf('attachment; filename="t.pdf"', 'f')).toBe('t.pdf');
    expect(fileNameOf(null, 'f.pdf')).toBe('f.pdf');
  });

  it('sends change letters and course materials only with the types their endpoints take', () => {
    expect(mediaType('变更函.JPG', LETTER_EXTS)).toBe('image/jpeg');
    expect(mediaType('变更函.docx', LETTER_EXTS)).toBeNull();
    expect(mediaType('讲义.pptx', MATERIAL_EXTS)).toBe('application/vnd.openxmlformats-officedocument.presentationml.presentation');
    expect(mediaType('视频.mp4', MATERIAL_EXTS)).toBe('video/mp4');
    expect(mediaType('讲义.ppt', MATERIAL_EXTS)).toBeNull();
  });
});

describe('CR-04 blacklist expiry', () => {
  it('is the same day five years on, and 1 March for a listing on 29 February', () => {
    expect(blacklistExpiry('2021-11-22')).toBe('2026-11-22');
    expect(blacklistExpiry('2024-02-29')).toBe('2029-03-01');
    expect(blacklistExpiry('2020-02-29')).toBe('2025-03-01');
    expect(blacklistExpiry('2023-02-28')).toBe('2028-02-28');
  });

  it('counts from the Beijing day, not the device day', () => {
    // 17:30 UTC on 31 December is already 1 January in Beijing.
    expect(shanghaiToday(new Date('2026-12-31T17:30:00Z'))).toBe('2027-01-01');
    expect(shanghaiToday(new Date('2026-12-31T15:59:59Z'))).toBe('2026-12-31');
  });
});
