import { menuFor, screenOf } from './menu';
import { meWith } from '../testing/render';
import type { Grant } from '../lib/me';

const paths = (grants: Grant[]) =>
  menuFor(meWith([{ id: 'o', name: 'o', kind: 'enterprise', roles: [] }], { grants })).flatMap((g) => g.screens.map((s) => s.path));

describe('the grant-driven menu', () => {
  it('gives a trainee their workbench, classes and the public plans, and nothing of the clerks', () => {
    const p = paths(['read_organizations', 'read_persons', 'read_training', 'my_classes']);
    expect(p).toContain('/');
    expect(p).toContain('/my-classes');
    expect(p).toContain('/public/plans');
    expect(p).not.toContain('/inbox');
    expect(p).not.toContain('/training/enrol');
    expect(p).not.toContain('/users');
    expect(p).not.toContain('/audit');
  });

  it('gives the regulator the people and the audit log, but no enrolment or training administration', () => {
    const p = paths(['read_organizations', 'read_persons', 'read_audit']);
    expect(p).toEqual(['/', '/organizations', '/persons', '/audit', '/public/plans', '/public/bad-behaviour']);
  });

  it('shows a screen when any of its grants is held, and leaves out empty groups', () => {
    const groups = menuFor(meWith([], { grants: ['confirm_payments'] }));
    expect(groups.flatMap((g) => g.screens.map((s) => s.path))).toEqual(['/', '/training/calendar', '/exams/retake-fees', '/public/plans', '/public/bad-behaviour']);
    expect(groups.map((g) => g.key)).toEqual(['home', 'training', 'finance', 'system']);
  });

  it('shows nothing granted before GET /me has answered', () => {
    expect(menuFor(undefined).flatMap((g) => g.screens.map((s) => s.path))).toEqual(['/', '/public/plans', '/public/bad-behaviour']);
  });

  it('groups the exam screens by the exams grants: the officer, the proctor or evaluator, the candidate', () => {
    const exams = (grants: Grant[]) => menuFor(meWith([], { grants })).find((g) => g.key === 'exams')?.screens.map((s) => s.path) ?? [];
    expect(exams(['manage_exam_banks', 'run_exam_sittings', 'read_exam_results'])).toEqual(['/exams/banks', '/exams/papers', '/exams/sittings']);
    expect(exams(['run_exam_sittings'])).toEqual(['/exams/sittings']);
    expect(exams(['exam_duties'])).toEqual(['/exams/duties', '/exams/marking']);
    expect(exams(['my_exams'])).toEqual([]);
    expect(paths(['my_classes', 'my_exams'])).toContain('/my-exams');
    // The training department reads the sittings and their results (not the sitting's page).
    expect(paths(['read_exam_results'])).toContain('/exams/sittings');
    expect(exams(['read_exam_results'])).toEqual(['/exams/sittings']);
    // Finance records the retake fees (EX-02) in its own group.
    expect(menuFor(meWith([], { grants: ['confirm_payments'] })).find((g) => g.key === 'finance')?.screens.map((s) => s.path)).toEqual(['/exams/retake-fees']);
    expect(screenOf('/exams/retake-fees')?.screen.path).toBe('/exams/retake-fees');
    expect(screenOf('/my-exams/0197')?.screen.path).toBe('/my-exams');
    expect(screenOf('/exams/papers/new')?.screen.path).toBe('/exams/papers');
  });

  it('finds the screen a detail page belongs to for the breadcrumb', () => {
    expect(screenOf('/training/classes/abc')?.screen.path).toBe('/training');
    expect(screenOf('/training/enrol')?.screen.path).toBe('/training/enrol');
    expect(screenOf('/persons/x/ce-hours')?.screen.path).toBe('/persons');
    expect(screenOf('/')?.screen.path).toBe('/');
    expect(screenOf('/account')).toBeUndefined();
  });
});
