import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

/** The web UI issue's budget for the first page's JavaScript, gzipped. */
export const FIRST_PAGE_JS_LIMIT = 200 * 1024;

export interface UiSize {
  files: { file: string; bytes: number; gzipBytes: number }[];
  gzipTotal: number;
  limit: number;
  withinLimit: boolean;
}

/**
 * Builds the UI into a scratch directory (never over the served dist/web) and sums the gzipped size of
 * what the first page loads: the entry module and the chunks index.html preloads (its static imports).
 */
export function measureUiSize(): UiSize {
  const root = join(import.meta.dirname, '..');
  const outDir = mkdtempSync(join(tmpdir(), 'glocal-bench-web-'));
  try {
    const build = spawnSync(join(root, 'node_modules/.bin/vite'), ['build', '--outDir', outDir, '--emptyOutDir', '--logLevel', 'warn'], { cwd: root, encoding: 'utf8' });
    if (build.status !== 0) throw new Error(`vite build failed: ${build.stderr}${build.stdout}`);
    const html = readFileSync(join(outDir, 'index.html'), 'utf8');
    const scripts = [...html.matchAll(/<script[^>]*type="module"[^>]*src="([^"]+)"/g)].map((m) => m[1]!);
    const preloads = [...html.matchAll(/<link[^>]*rel="modulepreload"[^>]*href="([^"]+)"/g)].map((m) => m[1]!);
    const files = [...new Set([...scripts, ...preloads])].map((file) => {
      const content = readFileSync(join(outDir, file.replace(/^\//, '')));
      return { file, bytes: content.length, gzipBytes: gzipSync(content, { level: 9 }).length };
    });
    const gzipTotal = files.reduce((sum, f) => sum + f.gzipBytes, 0);
    return { files, gzipTotal, limit: FIRST_PAGE_JS_LIMIT, withinLimit: gzipTotal <= FIRST_PAGE_JS_LIMIT };
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
}
