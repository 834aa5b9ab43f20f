import { configure } from '@testing-library/dom';
import i18n from '../config/i18n';
import zh from '../config/locales/zh-CN.json';
import en from '../config/locales/en.json';

// The screens' texts arrive as a chunk in the browser (config/i18n.ts); tests have them at once.
i18n.addResourceBundle('zh-CN', 'translation', zh, true, false);
i18n.addResourceBundle('en', 'translation', en, true, false);

// jsdom lacks matchMedia, which Ant Design's responsive components call. Width queries are
// answered from window.innerWidth (jsdom's 1024 unless a test sets a phone's), so a screen
// renders as on a desktop by default and as on a phone when a test narrows the window.
function widthMatches(query: string): boolean {
  const width = window.innerWidth;
  const min = /min-width:\s*(\d+)px/.exec(query);
  const max = /max-width:\s*(\d+)px/.exec(query);
  if (!min && !max) return false;
  return (!min || width >= Number(min[1])) && (!max || width <= Number(max[1]));
}
Object.defineProperty(window, 'matchMedia', {
  writable: true,
  value: (query: string) => ({
    matches: widthMatches(query),
    media: query,
    onchange: null,
    addListener: () => {},
    removeListener: () => {},
    addEventListener: () => {},
    removeEventListener: () => {},
    dispatchEvent: () => false,
  }),
});

// Nor ResizeObserver, which Ant Design's Table watches its columns with.
if (!('ResizeObserver' in window)) {
  class ResizeObserverStub {
    observe() {}
    unobserve() {}
    disconnect() {}
  }
  Object.defineProperty(window, 'ResizeObserver', { writable: true, value: ResizeObserverStub });
  Object.defineProperty(globalThis, 'ResizeObserver', { writable: true, value: ResizeObserverStub });
}

// findBy…/waitFor give up after 1 s by default; screens with a few queries behind them take
// longer than that when the machine is busy.
configure({ asyncUtilTimeout: 5000 });
