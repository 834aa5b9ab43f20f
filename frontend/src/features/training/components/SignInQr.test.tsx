import { screen, waitFor } from '@testing-library/react';
import { json, renderPage, stubApi } from '../../../testing/render';
import { SignInQr } from './SignInQr';

const SESSION = '0197a000-0000-7000-8000-0000000000b1';

/** The dark modules of the QR code antd drew: the second path of its SVG (the first is the background). */
async function drawn(): Promise<string> {
  const box = await screen.findByTestId('sign-in-qr');
  const svg = box.querySelector('svg');
  expect(svg).not.toBeNull();
  expect(svg?.getAttribute('aria-label')).toBe('课堂签到二维码');
  const paths = svg?.querySelectorAll('path') ?? [];
  expect(paths.length).toBe(2);
  return paths[1]?.getAttribute('d') ?? '';
}

describe("the head teacher's sign-in QR code (Ant Design's QRCode)", () => {
  afterEach(() => {
    vi.restoreAllMocks();
    vi.unstubAllGlobals();
  });

  it('draws the sign-in link of the current code, and a new code as a new symbol', async () => {
    let code = 'K7Q2M9';
    stubApi((method, path) => {
      if (method === 'GET' && path === `/api/v1/sessions/${SESSION}/sign-in-code`) return json({ code, expires_at: new Date(Date.now() + 60_000).toISOString(), session_id: SESSION });
      return undefined;
    });
    const first = renderPage(<SignInQr sessionId={SESSION} />);
    const a = await drawn();
    expect(a.length).toBeGreaterThan(100);
    expect((await screen.findByTestId('sign-in-qr')).getAttribute('data-status')).toBe('active');
    first.unmount();

    code = 'Z3P8W1';
    renderPage(<SignInQr sessionId={SESSION} />);
    await waitFor(async () => expect(await drawn()).not.toBe(a));
  });

  it('shows a code whose next one has not come in time as expired, with a refresh that fetches one', async () => {
    let calls = 0;
    stubApi((method, path) => {
      if (method === 'GET' && path === `/api/v1/sessions/${SESSION}/sign-in-code`) {
        calls += 1;
        return json({ code: `C${calls}`, expires_at: new Date(Date.now() + 60_000).toISOString(), session_id: SESSION });
      }
      return undefined;
    });
    renderPage(<SignInQr sessionId={SESSION} />);
    const box = await screen.findByTestId('sign-in-qr');
    expect(box.getAttribute('data-status')).toBe('active');
    expect(screen.queryByRole('button', { name: /刷新|refresh/i })).toBeNull();
    // The clock moves past the code's 60 seconds before the next code was fetched.
    const real = Date.now.bind(Date);
    vi.spyOn(Date, 'now').mockImplementation(() => real() + 61_000);
    await waitFor(() => expect(box.getAttribute('data-status')).toBe('expired'));
    const before = calls;
    (await screen.findByRole('button', { name: /刷新|refresh/i })).click();
    await waitFor(() => expect(calls).toBe(before + 1));
  });
});
