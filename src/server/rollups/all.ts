/**
 * Every rollup the platform keeps, in one list. Features add theirs here: one import and one
 * entry in the registerRollups call.
 */
import { analyticsRollup } from '../features/analytics/rollup.ts';
import { agreementRollup } from '../features/followup/agreement-rollup.ts';
import { commitmentRollup } from '../features/followup/commitment-counts.ts';
import { alignmentRollup } from '../features/plans/alignment-rollup.ts';
import { articulationRollup } from '../features/reporting/articulation-rollup.ts';
import { allRollups, registerRollups } from './registry.ts';

registerRollups(analyticsRollup, commitmentRollup, agreementRollup, alignmentRollup, articulationRollup);

export { allRollups };
