import { readFileSync } from 'node:fs';

// Read from the files: i18next merges the screens' texts into the imported objects.
const read = (name: string) => JSON.parse(readFileSync(`src/config/locales/${name}.json`, 'utf8')) as Record<string, unknown>;
const [firstZh, firstEn, zh, en] = ['first.zh-CN', 'first.en', 'zh-CN', 'en'].map(read) as [Record<string, unknown>, Record<string, unknown>, Record<string, unknown>, Record<string, unknown>];

function keys(o: Record<string, unknown>, prefix = ''): string[] {
  return Object.entries(o).flatMap(([k, v]) =>
    v && typeof v === 'object' ? keys(v as Record<string, unknown>, `${prefix}${k}.`) : [`${prefix}${k}`],
  );
}

describe('translations', () => {
  it('have the same keys in Chinese and English', () => {
    expect(keys(en).sort()).toEqual(keys(zh).sort());
    expect(keys(firstEn).sort()).toEqual(keys(firstZh).sort());
  });
  it('keep each key in one file: the login page’s or the screens’', () => {
    const screens = new Set(keys(zh));
    expect(keys(firstZh).filter((k) => screens.has(k))).toEqual([]);
  });
  it('never put a rule id inside a sentence a clerk reads', () => {
    // A rule's id belongs in a problem's `rule` member or a "basis" tag, not in the text.
    const values = (o: Record<string, unknown>): string[] => Object.values(o).flatMap((v) => (v && typeof v === 'object' ? values(v as Record<string, unknown>) : [String(v)]));
    for (const texts of [zh, en, firstZh, firstEn]) expect(values(texts).filter((v) => /\b(TR|EX|CE|CR|PL|CO|SC)-\d{2}\b/.test(v))).toEqual([]);
  });
  it('have no empty strings', () => {
    for (const texts of [zh, en, firstZh, firstEn]) expect(JSON.stringify(texts)).not.toContain('""');
  });
});
