import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { json, meWith, renderPage, stubApi, type Sent } from '../../../testing/render';
import { PersonsPage } from './PersonsPage';

const ORG = '0197a000-0000-7000-8000-00000000e001';
const P1 = '0197a000-0000-7000-8000-0000000000d1';

const person = (id: string, name: string) => ({
  id,
  name,
  gender: 'female',
  birth_date: '1949-12-31',
  national_id_masked: '110105********002X',
  employer_id: ORG,
  employer_name: '湖南省特种设备检验检测研究院',
  post: '检验员',
  title: '工程师',
  created_at: '2026-11-02T01:30:00Z',
  version: 3,
});

function stub(pages: { items: unknown[]; next_cursor: string | null; total?: number | null }[] = [{ items: [person(P1, '林秀英')], next_cursor: null }]): Sent[] {
  return stubApi((method, path, url) => {
    if (path === '/api/v1/me') return json(meWith([{ id: ORG, name: '湖南省特种设备检验检测研究院', kind: 'inspection_institution', roles: ['institution_admin'] }], { grants: ['manage_persons'] }));
    if (path === '/api/v1/organizations') return json({ items: [{ id: ORG, name: '湖南省特种设备检验检测研究院', kind: 'inspection_institution' }], next_cursor: null });
    if (path === '/api/v1/persons') return json(url.searchParams.get('cursor') === 'c2' ? pages[1] : pages[0]);
    if (method === 'GET' && path === `/api/v1/persons/${P1}`) return json({ ...person(P1, '林秀英'), national_id: '11010519491231002X', school: '湖南大学', social_insurance: 'continuous' });
    return undefined;
  });
}

/** The input an antd control with a test id draws (the id lands on the input or on its wrapper). */
const inputOf = (el: HTMLElement) => (el.tagName === 'INPUT' ? el : el.querySelector('input')) as HTMLInputElement;

const lists = (sent: Sent[]) => sent.filter((s) => s.path === '/api/v1/persons');

/** A full first page of twenty persons. */
const many = Array.from({ length: 20 }, (_, i) => person(`0197a000-0000-7000-8000-0000000010${String(i).padStart(2, '0')}`, `人员${i + 1}`));

describe('the persons list', () => {
  beforeEach(() => localStorage.clear());
  afterEach(() => vi.unstubAllGlobals());

  it('fills birth date and sex from a valid resident ID number, and leaves them for an invalid one', async () => {
    stub();
    renderPage(<PersonsPage />);
    fireEvent.click(await screen.findByTestId('person-new'));
    const dialog = await screen.findByRole('dialog');
    const id = within(dialog).getByTestId('person-national-id');
    // A wrong check digit: nothing is read from it.
    fireEvent.change(id, { target: { value: '110105194912310021' } });
    expect(within(dialog).queryByTestId('person-from-id')).toBeNull();
    const input = inputOf(within(dialog).getByTestId('person-birth'));
    expect(input.value).toBe('');
    // The standard's example: born 31 December 1949, digit 17 even (female).
    fireEvent.change(id, { target: { value: '11010519491231002X' } });
    await within(dialog).findByTestId('person-from-id');
    await waitFor(() => expect(input.value).toBe('1949-12-31'));
    expect((within(dialog).getByTestId('gender-female').closest('label')?.querySelector('input') as HTMLInputElement).checked).toBe(true);
    // An odd digit 17 is a man.
    fireEvent.change(id, { target: { value: '430103198503160315' } });
    await waitFor(() => expect(input.value).toBe('1985-03-16'));
    expect((within(dialog).getByTestId('gender-male').closest('label')?.querySelector('input') as HTMLInputElement).checked).toBe(true);
  });

  it("opens a person's detail in a drawer beside the list", async () => {
    stub();
    renderPage(<PersonsPage />);
    fireEvent.click(await screen.findByText('林秀英'));
    const detail = await screen.findByTestId('person-detail');
    expect(within(detail).getByTestId('person-detail-id').textContent).toBe('11010519491231002X');
    expect(within(detail).getByText('湖南大学')).toBeTruthy();
    expect(within(detail).getByText('2026-11-02 09:30')).toBeTruthy();
    // The list stays under it.
    expect(screen.getAllByTestId('masked-id')).toHaveLength(1);
  });

  it('hides and shows columns, and remembers the choice', async () => {
    stub();
    const first = renderPage(<PersonsPage />);
    await screen.findByText('林秀英');
    expect(screen.getByRole('columnheader', { name: '岗位' })).toBeTruthy();
    // Title is hidden until asked for.
    expect(screen.queryByRole('columnheader', { name: '职称' })).toBeNull();
    fireEvent.click(screen.getByTestId('columns-button'));
    const post = (await screen.findAllByTestId('column-toggle')).find((c) => c.getAttribute('data-column') === 'post')!;
    fireEvent.click(inputOf(post));
    await waitFor(() => expect(screen.queryByRole('columnheader', { name: '岗位' })).toBeNull());
    expect(JSON.parse(localStorage.getItem('seforce.columns.persons') ?? '[]')).toContain('post');
    first.unmount();

    renderPage(<PersonsPage />);
    await screen.findByText('林秀英');
    expect(screen.queryByRole('columnheader', { name: '岗位' })).toBeNull();
    fireEvent.click(screen.getByTestId('columns-button'));
    fireEvent.click(await screen.findByTestId('columns-reset'));
    await waitFor(() => expect(screen.getByRole('columnheader', { name: '岗位' })).toBeTruthy());
    expect(localStorage.getItem('seforce.columns.persons')).toBeNull();
  });

  it('folds the rarer filters, searches with them, and resets', async () => {
    const sent = stub();
    renderPage(<PersonsPage />);
    await screen.findByText('林秀英');
    const folded = screen.getAllByTestId('query-field').filter((f) => f.getAttribute('data-folded') === 'true');
    expect(folded).toHaveLength(1);
    expect(within(folded[0]!).getByTestId('filter-employer')).toBeTruthy();
    fireEvent.click(screen.getByTestId('query-toggle'));
    await waitFor(() => expect(screen.getAllByTestId('query-field').every((f) => f.getAttribute('data-folded') === 'false')).toBe(true));

    fireEvent.change(screen.getByTestId('filter-name'), { target: { value: '林' } });
    fireEvent.click(screen.getByTestId('filter-submit'));
    await waitFor(() => expect(lists(sent).at(-1)?.url.searchParams.get('q')).toBe('林'));
    fireEvent.click(screen.getByTestId('filter-reset'));
    await waitFor(() => expect(lists(sent).at(-1)?.url.searchParams.get('q')).toBeNull());
    expect((screen.getByTestId('filter-name') as HTMLInputElement).value).toBe('');
  });

  it('asks for the total on the first page only and keeps it while paging on', async () => {
    const sent = stub([
      { items: many, next_cursor: 'c2', total: 57 },
      { items: [person(P1, '林秀英')], next_cursor: 'c3', total: null },
    ]);
    renderPage(<PersonsPage />);
    await screen.findByText('人员1');
    expect(lists(sent).at(-1)?.url.searchParams.get('with_total')).toBe('true');
    expect(screen.getByTestId('page-summary').textContent).toBe('第 1–20 条,共 57 条');
    fireEvent.click(screen.getByTestId('page-next'));
    await screen.findByText('林秀英');
    expect(lists(sent).at(-1)?.url.searchParams.get('cursor')).toBe('c2');
    expect(lists(sent).at(-1)?.url.searchParams.get('with_total')).toBeNull();
    expect(screen.getByTestId('page-summary').textContent).toBe('第 21–21 条,共 57 条');
  });

  it('asks for the chosen page size, and tells the rows and the total on the last page', async () => {
    const sent = stub([
      { items: many, next_cursor: 'c2' },
      { items: [person(P1, '林秀英')], next_cursor: null },
    ]);
    renderPage(<PersonsPage />);
    await screen.findByText('人员1');
    expect(lists(sent).at(-1)?.url.searchParams.get('limit')).toBe('20');
    expect(screen.getByTestId('page-summary').textContent).toBe('第 1–20 条,后面还有');
    fireEvent.click(screen.getByTestId('page-next'));
    await screen.findByText('林秀英');
    expect(screen.getByTestId('page-summary').textContent).toBe('第 21–21 条,共 21 条');

    fireEvent.mouseDown(within(screen.getByTestId('page-size')).getByRole('combobox'));
    fireEvent.click(await screen.findByText('50 条/页'));
    await waitFor(() => expect(lists(sent).at(-1)?.url.searchParams.get('limit')).toBe('50'));
    expect(lists(sent).at(-1)?.url.searchParams.get('cursor')).toBeNull();
    expect(localStorage.getItem('seforce.pageSize.persons')).toBe('50');
  });
});
