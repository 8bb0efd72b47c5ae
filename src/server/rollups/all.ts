/**
 * Every rollup the platform keeps, in one list. Features add theirs here: one import and one
 * entry in the registerRollups call.
 */
import { allRollups, registerRollups } from './registry.ts';
import { analyticsRollup } from '../features/analytics/rollup.ts';

registerRollups(analyticsRollup);

export { allRollups };
