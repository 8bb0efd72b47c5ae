import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { sql } from 'kysely';
import type { Db } from '../db/database.ts';
import type { Ctx } from '../context.ts';
import { lessonInput } from '../features/lessons/schema.ts';
import { createLessonIn } from '../features/lessons/write-lesson.ts';
import { exchangePostInput } from '../features/knowledge/schema.ts';
import { createPostIn } from '../features/knowledge/exchange.ts';

export const KNOWLEDGE_DEMO_FILE = 'illustrative-knowledge.json';

interface KnowledgeDemoFile {
  source: string;
  contacts: { key: string; gad: string; email: string; name: string; position: string; phone: string; showAsContact: boolean }[];
  lessons: (Record<string, unknown> & { key: string; gad: string; action: string; contact: string })[];
  posts: (Record<string, unknown> & { gad: string; contact: string })[];
}

export async function readKnowledgeDemo(dir: string): Promise<KnowledgeDemoFile | null> {
  try {
    return JSON.parse(await readFile(join(dir, KNOWLEDGE_DEMO_FILE), 'utf8')) as KnowledgeDemoFile;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

/**
 * Invented contact persons (users without a password, flagged illustrative), lessons and exchange
 * posts, written through the same use cases as the API. Runs after the action files, whose external ids it names.
 */
export async function loadKnowledgeDemo(tx: Db, ctx: Ctx, file: KnowledgeDemoFile): Promise<number> {
  const contacts = new Map<string, string>();
  for (const c of file.contacts) {
    const inserted = await sql<{ id: string }>`
      INSERT INTO app_user (email, display_name, role, gad_id, position, phone, show_as_contact, is_demo, illustrative)
      VALUES (${c.email}, ${c.name}, 'gad_editor', (SELECT id FROM gad WHERE dpa_code = ${c.gad}), ${c.position}, ${c.phone},
              ${c.showAsContact}, true, true)
      RETURNING id`.execute(tx);
    contacts.set(c.key, inserted.rows[0]!.id);
  }
  for (const l of file.lessons) {
    const action = await sql<{ id: string }>`SELECT a.id FROM action a JOIN gad g ON g.id = a.gad_id
      WHERE g.dpa_code = ${l.gad} AND a.external_id = ${l.action}`.execute(tx);
    if (!action.rows[0]) throw new Error(`Demo lesson ${l.key} names unknown action ${l.action}`);
    const { key: _key, gad: _gad, action: _action, contact, ...fields } = l;
    const input = lessonInput.parse({ ...fields, actionId: action.rows[0].id, contactUserId: contacts.get(contact) ?? null });
    await createLessonIn(tx, ctx, input, { illustrative: true });
  }
  for (const p of file.posts) {
    const { contact, ...fields } = p;
    await createPostIn(tx, ctx, exchangePostInput.parse({ ...fields, contactUserId: contacts.get(contact) ?? null }), { illustrative: true });
  }
  return file.contacts.length + file.lessons.length + file.posts.length;
}
