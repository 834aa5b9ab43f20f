import { File as NodeFile } from 'node:buffer';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { json, onePage, meWith, renderPage, stubApi } from '../../../testing/render';
import { CoursePage, fileSize } from './CoursePage';
import type { AccidentCase, Material } from '../api/training';

const ASSOC = '0197a000-0000-7000-8000-00000000a001';
const COURSE = '0197a000-0000-7000-8000-0000000000c1';
const OTHER = '0197a000-0000-7000-8000-0000000000c2';
const ROUTE = { path: '/training/courses/:id', route: `/training/courses/${COURSE}` };

const course = (id: string, name: string) => ({
  id,
  association_id: ASSOC,
  name,
  subject_kind: 'professional',
  topic: 'safety_technical_specifications',
  equipment_categories: ['pressure_vessel'],
  delivery: 'blended',
  theory_hours: 16,
  practical_hours: 8,
});

const material = (over: Partial<Material> = {}): Material => ({
  id: '0197a000-0000-7000-8000-000000000101',
  course_id: COURSE,
  title: '气瓶充装安全技术规范讲义',
  content_type: 'application/pdf',
  size: 2_411_724,
  added_at: '2026-03-02T01:30:00Z',
  ...over,
});

const accident: AccidentCase = {
  id: '0197a000-0000-7000-8000-0000000000a9',
  association_id: ASSOC,
  title: '某充装站液化石油气钢瓶爆炸事故',
  occurred_on: '2021-06-13',
  equipment_category: 'pressure_vessel',
  summary: '充装过量导致钢瓶爆炸。',
  lessons: '严格执行充装前检查和称重复核。',
  course_ids: [COURSE, OTHER],
};

function stub(roles: ('association_staff' | 'practitioner')[]) {
  let materials: Material[] = [material()];
  let cases: AccidentCase[] = [accident];
  const sent = stubApi((method, path, url, body) => {
    if (path === '/api/v1/me') return json(meWith([{ id: ASSOC, name: '湖南省特种设备协会', kind: 'association', roles }]));
    if (path === '/api/v1/courses') return json({ items: [course(COURSE, '气瓶充装安全管理'), course(OTHER, '压力容器基础知识')], next_cursor: null });
    if (path === `/api/v1/courses/${COURSE}/materials` && method === 'GET') return json(onePage(materials));
    if (path === `/api/v1/courses/${COURSE}/materials` && method === 'POST') {
      const m = material({ id: 'new', title: url.searchParams.get('title') ?? '', content_type: 'application/vnd.openxmlformats-officedocument.presentationml.presentation', size: body.length });
      materials = [...materials, m];
      return json(m, 201);
    }
    if (path === '/api/v1/accident-cases' && method === 'GET') {
      expect(url.searchParams.get('course_id')).toBe(COURSE);
      return json(onePage(cases));
    }
    if (path === '/api/v1/accident-cases' && method === 'POST') {
      const b = JSON.parse(body) as AccidentCase;
      const k = { ...b, id: 'k2' };
      cases = [k, ...cases];
      return json(k, 201);
    }
    return undefined;
  });
  return sent;
}

describe('file sizes', () => {
  it('read as B, KB or MB', () => {
    expect(fileSize(512)).toBe('512 B');
    expect(fileSize(2048)).toBe('2.0 KB');
    expect(fileSize(2_411_724)).toBe('2.3 MB');
  });
});

describe('the course page (TR-03)', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('lists the materials and uploads one raw with its type and title', async () => {
    const sent = stub(['association_staff']);
    renderPage(<CoursePage />, ROUTE);
    await screen.findByText('气瓶充装安全管理');
    const first = await screen.findByTestId('material-row');
    expect(first.textContent).toContain('PDF');
    expect(first.textContent).toContain('2.3 MB');
    expect(first.textContent).toContain('2026-03-02 09:30');

    fireEvent.change(screen.getByTestId('material-title'), { target: { value: '充装站安全操作规程' } });
    const input = screen.getByTestId('materials').querySelector('input[type=file]');
    if (!input) throw new Error('no file input');
    const bytes = 'PK\u0003\u0004slides';
    fireEvent.change(input, { target: { files: [new NodeFile([bytes], '规程.pptx', { type: '' })] } });
    await waitFor(() => expect(screen.getAllByTestId('material-row')).toHaveLength(2));
    const post = sent.find((r) => r.method === 'POST')!;
    expect(post.url.searchParams.get('title')).toBe('充装站安全操作规程');
    expect(post.headers.get('Content-Type')).toBe('application/vnd.openxmlformats-officedocument.presentationml.presentation');
    expect(post.body).toBe(bytes);
    expect(screen.getAllByTestId('material-row')[1]!.getAttribute('data-title')).toBe('充装站安全操作规程');
  });

  it('refuses a file type the course does not take without sending it', async () => {
    const sent = stub(['association_staff']);
    renderPage(<CoursePage />, ROUTE);
    await screen.findByTestId('material-row');
    const input = screen.getByTestId('materials').querySelector('input[type=file]');
    if (!input) throw new Error('no file input');
    fireEvent.change(input, { target: { files: [new NodeFile(['x'], '讲义.ppt', { type: 'application/vnd.ms-powerpoint' })] } });
    await screen.findByText('只能上传 PDF、DOCX、PPTX、XLSX、JPG、PNG 或 MP4 文件');
    expect(sent.some((r) => r.method === 'POST')).toBe(false);
  });

  it('shows the linked accident cases and adds one linked to this course by default', async () => {
    const sent = stub(['association_staff']);
    renderPage(<CoursePage />, ROUTE);
    const k = await screen.findByTestId('case');
    expect(k.textContent).toContain('某充装站液化石油气钢瓶爆炸事故');
    expect(k.textContent).toContain('压力容器(含气瓶)');

    fireEvent.click(screen.getByTestId('case-add'));
    const dialog = await screen.findByRole('dialog');
    fireEvent.change(within(dialog).getByTestId('case-title'), { target: { value: '某站钢瓶超装泄漏事故' } });
    const date = dialog.querySelector<HTMLInputElement>('.ant-picker input');
    if (!date) throw new Error('no date input');
    fireEvent.mouseDown(date);
    fireEvent.change(date, { target: { value: '2024-08-09' } });
    fireEvent.keyDown(date, { key: 'Enter', code: 'Enter' });
    fireEvent.change(within(dialog).getByTestId('case-summary'), { target: { value: '超装导致安全阀起跳泄漏。' } });
    fireEvent.change(within(dialog).getByTestId('case-lessons'), { target: { value: '充装后复称。' } });
    fireEvent.click(screen.getByTestId('case-save'));

    await waitFor(() => expect(screen.getAllByTestId('case')).toHaveLength(2));
    const post = sent.find((r) => r.method === 'POST')!;
    expect(JSON.parse(post.body)).toEqual({
      association_id: ASSOC,
      title: '某站钢瓶超装泄漏事故',
      occurred_on: '2024-08-09',
      equipment_category: 'pressure_vessel',
      summary: '超装导致安全阀起跳泄漏。',
      lessons: '充装后复称。',
      course_ids: [COURSE],
    });
  });

  it('gives a trainee the materials and cases to read, without upload or add', async () => {
    stub(['practitioner']);
    renderPage(<CoursePage />, ROUTE);
    await screen.findByTestId('material-row');
    await screen.findByTestId('case');
    expect(screen.queryByTestId('material-upload')).toBeNull();
    expect(screen.queryByTestId('case-add')).toBeNull();
    expect(screen.getAllByTestId('material-download')).toHaveLength(1);
  });
});

describe('the course page on a phone', () => {
  const width = window.innerWidth;
  afterEach(() => {
    window.innerWidth = width;
    vi.unstubAllGlobals();
  });

  it('shows a trainee the materials as cards, each with its download', async () => {
    window.innerWidth = 375;
    stub(['practitioner']);
    renderPage(<CoursePage />, ROUTE);
    const card = await screen.findByTestId('material-row');
    expect(card.closest('[data-testid=card-list]')).not.toBeNull();
    expect(card.tagName).not.toBe('TR');
    expect(card.querySelector('.ant-card-head')?.textContent).toBe('气瓶充装安全技术规范讲义');
    expect(card.textContent).toContain('2.3 MB');
    expect(card.textContent).toContain('2026-03-02 09:30');
    expect(within(card).getByTestId('material-download')).toBeTruthy();
  });
});
