import { actionListQuery } from '../actions/schema.ts';

/** The action list's filters (GAD, type, year, words, theme, country, partner); an export has no pages. */
export const exportQuery = actionListQuery.omit({ limit: true, offset: true, sort: true });
