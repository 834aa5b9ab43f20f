// The exam's clock is the server's (issue 16 §4): the attempt and every save answer with the
// server's time (`server_now`) and the deadline, and the page counts down from
// `deadline - server_now`, carried forward by the device's own clock since that answer came.
// A device whose clock is wrong, or changed during the exam, still shows the time the server
// will enforce; each save's answer sets the count again.

export interface ServerClock {
  /** The server's time minus the device's, in ms, when the last answer came. */
  offset: number;
  deadline: number;
}

/** The clock after an answer that said `serverNow` and `deadline`, received at device time `receivedAt`. */
export function synced(serverNow: string, deadline: string, receivedAt: number): ServerClock {
  return { offset: Date.parse(serverNow) - receivedAt, deadline: Date.parse(deadline) };
}

/** Milliseconds left at device time `now` (never below zero). */
export function remainingMs(clock: ServerClock, now: number): number {
  return Math.max(0, clock.deadline - (now + clock.offset));
}

/** `H:MM:SS` (or `MM:SS` under an hour) of a duration, rounded up to the second. */
export function countdown(ms: number): string {
  const total = Math.ceil(ms / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const two = (n: number) => String(n).padStart(2, '0');
  return h > 0 ? `${h}:${two(m)}:${two(s)}` : `${two(m)}:${two(s)}`;
}
