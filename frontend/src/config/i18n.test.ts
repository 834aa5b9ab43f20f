import zh from './locales/zh-CN.json';
import en from './locales/en.json';

function keys(o: Record<string, unknown>, prefix = ''): string[] {
  return Object.entries(o).flatMap(([k, v]) =>
    v && typeof v === 'object' ? keys(v as Record<string, unknown>, `${prefix}${k}.`) : [`${prefix}${k}`],
  );
}

describe('translations', () => {
  it('have the same keys in Chinese and English', () => {
    expect(keys(en).sort()).toEqual(keys(zh).sort());
  });
  it('have no empty strings', () => {
    for (const k of keys(zh)) expect(k.length).toBeGreaterThan(0);
    expect(JSON.stringify(zh)).not.toContain('""');
    expect(JSON.stringify(en)).not.toContain('""');
  });
});
