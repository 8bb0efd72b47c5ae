// Only the parts of ECharts the analytics pages draw, so the chunk stays small and the first page never loads it.
import * as echarts from 'echarts/core';
import { BarChart, CustomChart, LineChart, MapChart, ScatterChart } from 'echarts/charts';
import { GeoComponent, GridComponent, LegendComponent, TooltipComponent, VisualMapComponent } from 'echarts/components';
import { CanvasRenderer, SVGRenderer } from 'echarts/renderers';
import { feature } from 'topojson-client';
import world from 'world-atlas/countries-110m.json' with { type: 'json' };
import provinces from '../../../../data/geo/ecuador-provinces.geo.json' with { type: 'json' };

echarts.use([BarChart, CustomChart, LineChart, MapChart, ScatterChart, GeoComponent, GridComponent, LegendComponent, TooltipComponent,
  VisualMapComponent, CanvasRenderer, SVGRenderer]);

export type Option = echarts.EChartsCoreOption;
export { echarts };

/** ISO 3166-1 numeric code → English name, from the world map itself (for tooltips of countries without data). */
export const worldNames = new Map<string, string>();

type Ring = [number, number][];
/**
 * Rings that cross the antimeridian (Russia's Chukotka, Fiji) jump from 180° to -180°, which a flat
 * map draws as a line across the world; moving their western half east by 360° keeps them whole.
 */
function unwrapAntimeridian(geometry: { type: string; coordinates: unknown }) {
  const fix = (ring: Ring): Ring => (ring.some((c, i) => i > 0 && Math.abs(c[0] - ring[i - 1]![0]) > 180) ? ring.map(([x, y]) => [x < 0 ? x + 360 : x, y]) : ring);
  if (geometry.type === 'Polygon') return { ...geometry, coordinates: (geometry.coordinates as Ring[]).map(fix) };
  if (geometry.type === 'MultiPolygon') return { ...geometry, coordinates: (geometry.coordinates as Ring[][]).map((p) => p.map(fix)) };
  return geometry;
}

let registered = false;
/** Registers the two maps, from geometry shipped with the app: world-atlas and data/geo. No tiles, no network. */
export function registerMaps() {
  if (registered) return;
  registered = true;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const topology = world as any;
  const countries = feature(topology, topology.objects.countries) as unknown as { features: { id?: string; geometry: { type: string; coordinates: unknown }; properties: { name: string } }[] };
  const worldGeo = {
    type: 'FeatureCollection',
    features: countries.features.filter((f) => f.id !== '010').map((f) => {
      worldNames.set(String(f.id), f.properties.name);
      return { ...f, geometry: unwrapAntimeridian(f.geometry), properties: { name: String(f.id ?? f.properties.name) } };
    }),
  };
  // Series name the regions by ISO numeric code (world) and INEC DPA code (Ecuador).
  echarts.registerMap('world', worldGeo as never);
  const ecuador = provinces as unknown as { features: { properties: { dpa: string; name: string } }[] };
  echarts.registerMap('ecuador', {
    type: 'FeatureCollection',
    features: ecuador.features.map((f) => ({ ...f, properties: { name: f.properties.dpa } })),
  } as never);
}

export const PALETTE = ['#0b2e59', '#2f7ab9', '#d98c1f', '#7a9a3a', '#9b4f96', '#c0392b', '#5d6d7e', '#17a589'];
