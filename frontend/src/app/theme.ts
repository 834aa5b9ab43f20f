import type { ThemeConfig } from 'antd';

/**
 * The theme: the brand colour, and secondary texts dark enough for 4.5:1 contrast (antd's
 * 45 % black is 3.4:1 on white; the coloured tags' text is darkened in contrast.css). `zeroRuntime`: the components' styles come from antd's own
 * prebuilt stylesheet (imported with the provider, fetched with its chunk) instead of being generated in
 * the browser on first render, which cost a phone seconds of blocked main thread
 * (docs/BENCHMARKS.md, "Session 7, first load"); the tokens still reach it as CSS variables.
 */
export const THEME: ThemeConfig = {
  zeroRuntime: true,
  token: {
    colorPrimary: '#1f5fa8',
    colorLink: '#1f5fa8',
    colorTextDescription: 'rgba(0, 0, 0, 0.6)',
    colorTextTertiary: 'rgba(0, 0, 0, 0.6)',
  },
};
