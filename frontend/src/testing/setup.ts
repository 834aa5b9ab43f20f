import { configure } from '@testing-library/dom';

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
