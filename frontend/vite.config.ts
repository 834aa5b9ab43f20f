import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { defineConfig, type Plugin } from 'vitest/config';
import react from '@vitejs/plugin-react';

/**
 * Writes a brotli (.br) and a gzip (.gz) copy beside every text file of the build, once, at
 * the highest levels: the Rust server sends the copy the browser accepts with its
 * Content-Encoding and compresses nothing per request. Node's own zlib does both.
 */
function precompress(): Plugin {
  let outDir = 'dist';
  const walk = (dir: string): string[] =>
    readdirSync(dir).flatMap((n) => {
      const p = join(dir, n);
      return statSync(p).isDirectory() ? walk(p) : [p];
    });
  return {
    name: 'seforce-precompress',
    apply: 'build',
    configResolved(c) {
      outDir = c.build.outDir;
    },
    closeBundle() {
      for (const f of walk(outDir)) {
        if (!/\.(js|css|html|svg|json|txt|map)$/.test(f)) continue;
        const raw = readFileSync(f);
        if (raw.length < 512) continue;
        writeFileSync(`${f}.br`, brotliCompressSync(raw, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: raw.length } }));
        writeFileSync(`${f}.gz`, gzipSync(raw, { level: 9 }));
      }
    },
  };
}

/**
 * Ant Design's components this app never renders, directly or inside another (checked against
 * every `from 'antd'` import: Table's tree filter, Upload's image preview and the notification
 * API are not used either). Their rules are a sixth of `antd/dist/antd.css` (1 MB), which a
 * phone parses on the main thread before the first signed-in screen (docs/BENCHMARKS.md,
 * "Session 9, Lighthouse (s9-spa)"). A component added to a screen from this list must be
 * taken off it.
 */
export const UNUSED_ANTD = ['anchor', 'carousel', 'cascader', 'color-picker', 'float-btn', 'image', 'list', 'masonry', 'mentions', 'notification', 'rate', 'segmented', 'slider', 'splitter', 'timeline', 'tour', 'transfer', 'tree', 'watermark'];

/** The stylesheet without the top-level rules whose every selector styles an unused component. */
export function withoutUnusedAntd(css: string, unused: string[] = UNUSED_ANTD): string {
  const gone = new RegExp(`\\.ant-(?:${unused.join('|')})(?![a-z])`);
  let out = '';
  let depth = 0;
  let start = 0;
  for (let i = 0; i < css.length; i++) {
    const c = css[i];
    if (c === '{') depth++;
    else if (c === '}' && --depth === 0) {
      const block = css.slice(start, i + 1);
      const selectors = block.slice(0, block.indexOf('{')).trim();
      const drop = !selectors.startsWith('@') && selectors.split(',').every((s) => gone.test(s));
      if (!drop) out += block;
      start = i + 1;
    }
  }
  return out + css.slice(start);
}

function trimAntdCss(): Plugin {
  return {
    name: 'seforce-trim-antd-css',
    enforce: 'pre',
    transform(code, id) {
      if (!/antd[\\/]dist[\\/]antd\.css$/.test(id.split('?')[0] ?? '')) return null;
      return { code: withoutUnusedAntd(code), map: null };
    },
  };
}

export default defineConfig({
  plugins: [react(), precompress(), trimAntdCss()],
  build: { modulePreload: false },
  server: { proxy: { '/api': 'http://127.0.0.1:8080' } },
  test: {
    environment: 'jsdom',
    include: ['src/**/*.test.{ts,tsx}'],
    setupFiles: ['src/testing/setup.ts'],
    globals: true,
    // Screen tests render Ant Design in jsdom: seconds each on a busy two-core machine.
    testTimeout: 20_000,
  },
});
