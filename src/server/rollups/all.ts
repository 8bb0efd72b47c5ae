/**
 * Every rollup the platform keeps, in one list. Features add theirs here: one import and one
 * entry in the registerRollups call (or in allNationalViews, for a national view).
 */
import { analyticsRollup } from '../features/analytics/rollup.ts';
import { agreementRollup } from '../features/followup/agreement-rollup.ts';
import { commitmentRollup } from '../features/followup/commitment-counts.ts';
import { alignmentRollup } from '../features/plans/alignment-rollup.ts';
import { articulationRollup } from '../features/reporting/articulation-rollup.ts';
import { partnerMapView } from '../features/analytics/get-partner-map.ts';
import type { NationalView } from './national-views.ts';
import { allRollups, registerRollups } from './registry.ts';

registerRollups(analyticsRollup, commitmentRollup, agreementRollup, alignmentRollup, articulationRollup);

/** The national views kept beside the rollups (rollups/national-views.ts), recomputed after a refresh changes them. */
export const allNationalViews = (): readonly NationalView<object>[] => [partnerMapView as NationalView<object>];

export { allRollups };
