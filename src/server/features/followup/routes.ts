import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ctxOf } from '../../http/context.ts';
import { followUpBoard } from './board.ts';
import { followUpIndicators } from './indicators.ts';
import { listInbox, markAllRead, markRead, unreadCount } from './inbox.ts';
import { readOutbox } from './outbox.ts';
import { getPreference, getRules, setPreference, setRules } from './settings.ts';
import { boardQuery, gadParam, inboxQuery, indicatorsQuery, notificationParam, outboxQuery, preferenceBody, rulesBody, rulesQuery } from './schema.ts';

const tags = ['follow-up'];

export const followUpRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('/api/follow-up/board', {
    config: { access: 'public' },
    schema: { tags, summary: 'A GAD’s follow-up board: overdue, due soon, later, done; filter by person, unit, kind and source', querystring: boardQuery },
  }, (request) => followUpBoard(ctxOf(request), request.query));

  app.get('/api/gads/:id/follow-up', {
    config: { access: 'public' },
    schema: { tags, summary: 'Follow-up indicators of a GAD for a year, over the records the caller may read', params: gadParam, querystring: indicatorsQuery },
  }, (request) => followUpIndicators(ctxOf(request), request.params.id, request.query.year));

  app.get('/api/follow-up/rules', {
    config: { access: 'signed_in' }, schema: { tags, summary: 'The follow-up rules of a GAD (defaults until its admin changes them)', querystring: rulesQuery },
  }, (request) => getRules(ctxOf(request), request.query.gad));

  app.put('/api/follow-up/rules', {
    config: { access: 'admin' }, schema: { tags, summary: 'Change a GAD’s follow-up rules (its admin, or the platform admin)', body: rulesBody },
  }, (request) => setRules(ctxOf(request), request.body));

  app.get('/api/me/follow-up', { config: { access: 'signed_in' }, schema: { tags, summary: 'My digest preference' } },
    (request) => getPreference(ctxOf(request)));

  app.put('/api/me/follow-up', { config: { access: 'signed_in' }, schema: { tags, summary: 'Choose how often to receive the digest', body: preferenceBody } },
    (request) => setPreference(ctxOf(request), request.body));

  app.get('/api/inbox', { config: { access: 'signed_in' }, schema: { tags, summary: 'My notifications, newest first, with the unread count', querystring: inboxQuery } },
    (request) => listInbox(ctxOf(request), request.query));

  app.get('/api/inbox/unread-count', { config: { access: 'signed_in' }, schema: { tags, summary: 'How many of my notifications are unread' } },
    async (request) => ({ unread: await unreadCount(ctxOf(request)) }));

  app.post('/api/inbox/:id/read', { config: { access: 'signed_in' }, schema: { tags, summary: 'Mark one of my notifications read', params: notificationParam } },
    (request) => markRead(ctxOf(request), request.params.id));

  app.post('/api/inbox/read-all', { config: { access: 'signed_in' }, schema: { tags, summary: 'Mark all my notifications read' } },
    (request) => markAllRead(ctxOf(request)));

  app.get('/api/admin/outbox', {
    config: { access: 'admin' }, schema: { tags, summary: 'Demo mode: the mail the in-process SMTP server received', querystring: outboxQuery },
  }, (request) => readOutbox(ctxOf(request), app.outbox, request.query));
};
