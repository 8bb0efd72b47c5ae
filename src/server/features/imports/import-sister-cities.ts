import type { Locale } from './fields.ts';
import type { ImportContext, ImportOutcome } from './run-import.ts';

const label = (es: string, en: string, pt: string): Record<Locale, string> => ({ es, en, pt });
export const sisterCityFields = [
  { key: 'city', labels: label('Ciudad', 'City', 'Cidade'), example: 'Quito' },
  { key: 'country', labels: label('País', 'Country', 'País'), example: 'EC' },
  { key: 'twinCity', labels: label('Ciudad hermana', 'Twin city', 'Cidade irmã'), example: 'Bogotá' },
  { key: 'twinCountry', labels: label('País de la ciudad hermana', 'Twin country', 'País da cidade irmã'), example: 'CO' },
];
export async function importSisterCities(_c: ImportContext): Promise<ImportOutcome> { throw new Error('todo'); }
