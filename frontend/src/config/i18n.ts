// zh-CN first, English second; the choice is kept in localStorage. What the login page says
// (`first.*.json`) is in the first script; every other string comes with the signed-in app or
// the public pages, one language at a time (`loadLanguage`), so the first script carries
// neither language's 30 KB of screen texts (docs/BENCHMARKS.md, "Session 7, first load").
import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import firstZh from './locales/first.zh-CN.json';
import firstEn from './locales/first.en.json';

export const LANGS = ['zh-CN', 'en'] as const;
export type Lang = (typeof LANGS)[number];

const saved = typeof localStorage !== 'undefined' ? localStorage.getItem('seforce.lang') : null;

void i18n.use(initReactI18next).init({
  resources: { 'zh-CN': { translation: firstZh }, en: { translation: firstEn } },
  lng: saved === 'en' ? 'en' : 'zh-CN',
  fallbackLng: 'zh-CN',
  interpolation: { escapeValue: false },
});

const loaded = new Set<Lang>();

/** Adds a language's screen texts (a chunk of their own) to the login page's few. */
export async function loadLanguage(l: Lang): Promise<void> {
  if (loaded.has(l)) return;
  const texts = l === 'en' ? await import('./locales/en.json') : await import('./locales/zh-CN.json');
  i18n.addResourceBundle(l, 'translation', texts.default, true, false);
  loaded.add(l);
}

/** The screen's language as one of ours. */
export function currentLang(): Lang {
  return i18n.language === 'en' ? 'en' : 'zh-CN';
}

/** Switches the language once its texts are here (the login page's are always here). */
export async function setLang(l: Lang, withScreens = loaded.size > 0): Promise<void> {
  localStorage.setItem('seforce.lang', l);
  if (withScreens) await loadLanguage(l);
  await i18n.changeLanguage(l);
}

export default i18n;
