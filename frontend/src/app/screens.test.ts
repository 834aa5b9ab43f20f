import { isPublic, matches, SIGNED_IN_SCREENS } from './screens';

describe('the screen table', () => {
  it('matches addresses to route patterns the way the router does', () => {
    expect(matches('/', '/')).toBe(true);
    expect(matches('/my-classes', '/my-classes')).toBe(true);
    expect(matches('/my-classes', '/my-classes/')).toBe(true);
    expect(matches('/training/classes/:id', '/training/classes/0197')).toBe(true);
    expect(matches('/training/classes/:id', '/training/classes/0197/attendance')).toBe(false);
    expect(matches('/training/classes/:id/attendance', '/training/classes/0197/attendance')).toBe(true);
    expect(matches('/', '/inbox')).toBe(false);
    expect(matches('/public/plans/:id', '/public/plans/')).toBe(false);
  });
  it('has each path once', () => {
    const paths = SIGNED_IN_SCREENS.map((s) => s.path);
    expect(new Set(paths).size).toBe(paths.length);
    expect(paths.some(isPublic)).toBe(false);
    expect(isPublic('/public/plans/0197')).toBe(true);
    expect(isPublic('/publications')).toBe(false);
  });
});
