import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** What a password, session id, CSRF token, API token or reset link would look like in a log line. */
export const SECRET_PATTERNS: { name: string; pattern: RegExp }[] = [
  { name: 'demo password', pattern: /demo-glocal-2026/ },
  { name: 'test passwords', pattern: /a much longer new passphrase|una clave bastante larga/ },
  { name: 'password field', pattern: /"password"\s*:\s*"[^"*]/ },
  { name: 'argon2 hash', pattern: /\$argon2id\$/ },
  { name: 'session cookie', pattern: /glocal_session=[A-Za-z0-9_-]{10,}/ },
  { name: 'CSRF token', pattern: /"(x-csrf-token|csrfToken)"\s*:\s*"[A-Za-z0-9_-]{10,}/ },
  { name: 'API token', pattern: /glc_[A-Za-z0-9_-]{20,}/ },
  { name: 'authorization header', pattern: /"authorization"\s*:\s*"Bearer/i },
  { name: 'reset or invitation token', pattern: /token=[A-Za-z0-9%_-]{20,}/ },
];

export function findSecretsInLogs(dir: string): { files: number; lines: number; leaks: string[] } {
  let lines = 0;
  const leaks: string[] = [];
  const files = readdirSync(dir).filter((f) => f.endsWith('.log'));
  for (const file of files) {
    for (const line of readFileSync(join(dir, file), 'utf8').split('\n')) {
      if (!line) continue;
      lines++;
      for (const { name, pattern } of SECRET_PATTERNS) if (pattern.test(line)) leaks.push(`${file}: ${name}: ${line.slice(0, 200)}`);
    }
  }
  return { files: files.length, lines, leaks };
}
