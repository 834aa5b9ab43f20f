import { configure } from '@testing-library/dom';
import i18n from '../config/i18n';
import zh from '../config/locales/zh-CN.json';
import en from '../config/locales/en.json';

// The screens' texts arrive as a chunk in the browser (config/i18n.ts); tests have them at once.
i18n.addResourceBundle('zh-CN', 'translation', zh, true, false);
i18n.addResourceBundle('en', 'translation', en, true, false);

// jsdom lacks matchMedia, which Ant Design's responsive components call.
Object.defineProperty(window, 'matchMedia', {
  writable: true,
  value: (query: string) => ({
    matches: false,
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
