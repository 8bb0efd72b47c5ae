import { it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const DIST = join(import.meta.dirname, '../../../dist/web');
const BUDGET = 200 * 1024;

/** Files a chunk imports statically (`import … from "./x.js"` or bare `import "./x.js"`), not `import()`. */
function staticImports(code: string): string[] {
  const found = new Set<string>();
  for (const match of code.matchAll(/(?:^|[;}\s])(?:import|export)\s*(?:[\w${}*,\s]+?\s*from\s*)?["'](\.{1,2}\/[^"']+\.js)["']/g)) found.add(match[1]!);
  return [...found];
}

/**
 * The JavaScript a first visit must download before the page can run: the entry script of
 * dist/web/index.html and, transitively, every chunk it imports statically. Lazy route chunks
 * (import()) are not counted.
 */
export function firstPageScripts(): { file: string; bytes: number; gzip: number }[] {
  const html = readFileSync(join(DIST, 'index.html'), 'utf8');
  const entry = /<script[^>]+type="module"[^>]+src="\/([^"]+)"/.exec(html)?.[1];
  assert.ok(entry, 'index.html has a module entry script');
  const preloads = [...html.matchAll(/<link rel="modulepreload"[^>]+href="\/([^"]+)"/g)].map((m) => m[1]!);
  const seen = new Set<string>();
  const queue = [entry, ...preloads];
  while (queue.length) {
    const file = queue.shift()!;
    if (seen.has(file)) continue;
    seen.add(file);
    const code = readFileSync(join(DIST, file), 'utf8');
    const dir = file.slice(0, file.lastIndexOf('/') + 1);
    for (const imported of staticImports(code)) queue.push(new URL(imported, `http://x/${dir}`).pathname.slice(1));
  }
  return [...seen].map((file) => {
    const content = readFileSync(join(DIST, file));
    return { file, bytes: content.length, gzip: gzipSync(content, { level: 9 }).length };
  });
}

it('keeps the first page\'s JavaScript (entry chunk and its static imports) under 200 KB gzip', () => {
  const scripts = firstPageScripts();
  const total = scripts.reduce((sum, s) => sum + s.gzip, 0);
  const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
  console.log('# Build report: first page JavaScript');
  for (const s of scripts.sort((a, b) => b.gzip - a.gzip)) console.log(`#   ${s.file.padEnd(44)} ${kb(s.bytes).padStart(10)} raw ${kb(s.gzip).padStart(10)} gzip`);
  console.log(`#   total ${kb(scripts.reduce((sum, s) => sum + s.bytes, 0))} raw, ${kb(total)} gzip (budget ${kb(BUDGET)})`);
  assert.ok(scripts.length >= 1);
  assert.ok(total <= BUDGET, `first page JavaScript is ${kb(total)} gzip, over the ${kb(BUDGET)} budget`);
});
