/**
 * The analytics dashboards as they were computed before the rollups: straight from the actions, on
 * every request. Kept only as the test oracle of rollup.db.test.ts (too slow to serve at national
 * scale); not imported by any route.
 */
export { getPositioning } from './get-positioning.ts';
export { compareGads, getBreakdowns } from './get-breakdowns.ts';
export { getNational } from './get-national.ts';
export { getPartnerMap } from './get-partner-map.ts';
export { getTimeline } from './get-timeline.ts';
