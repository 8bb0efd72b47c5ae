import type { Feature, NavItem } from './registry.ts';

// Eager: a feature module only declares lazy pages and nav entries, so it costs bytes, not chunks.
const modules = import.meta.glob<{ feature: Feature }>('./*/feature.tsx', { eager: true });

export const FEATURES: Feature[] = Object.keys(modules).sort().map((path) => modules[path]!.feature);

export const FEATURE_ROUTES = FEATURES.flatMap((f) => f.routes);

export const FEATURE_NAV: NavItem[] = FEATURES.flatMap((f) => f.nav ?? []).sort((a, b) => a.order - b.order);
