/** The plan document's labels in Spanish, English and Portuguese. */
export type Lang = 'es' | 'en' | 'pt';

const LABELS = {
  plan: { es: 'Plan Estratégico de Relacionamiento Internacional', en: 'Strategic Plan for International Relations', pt: 'Plano Estratégico de Relações Internacionais' },
  period: { es: 'Período', en: 'Period', pt: 'Período' },
  version: { es: 'Versión', en: 'Version', pt: 'Versão' },
  state_draft: { es: 'borrador', en: 'draft', pt: 'rascunho' },
  state_approved: { es: 'aprobada', en: 'approved', pt: 'aprovada' },
  state_superseded: { es: 'reemplazada', en: 'superseded', pt: 'substituída' },
  approvedBy: { es: 'Aprobada por', en: 'Approved by', pt: 'Aprovada por' },
  illustrative: {
    es: 'Plan de ejemplo (ilustrativo): no es un documento oficial del GAD.',
    en: 'Example plan (illustrative): not an official document of the GAD.',
    pt: 'Plano de exemplo (ilustrativo): não é um documento oficial do GAD.',
  },
  vision: { es: 'Visión', en: 'Vision', pt: 'Visão' },
  axes: { es: 'Ejes y objetivos', en: 'Axes and objectives', pt: 'Eixos e objetivos' },
  noAxis: { es: 'Sin eje', en: 'No axis', pt: 'Sem eixo' },
  priorities: { es: 'Prioridades', en: 'Priorities', pt: 'Prioridades' },
  kind_theme: { es: 'Tema', en: 'Theme', pt: 'Tema' },
  kind_region: { es: 'Región', en: 'Region', pt: 'Região' },
  kind_country: { es: 'País', en: 'Country', pt: 'País' },
  kind_partner: { es: 'Socio', en: 'Partner', pt: 'Parceiro' },
  kind_network: { es: 'Red', en: 'Network', pt: 'Rede' },
  objective: { es: 'Objetivo', en: 'Objective', pt: 'Objetivo' },
  targets: { es: 'Metas y avance', en: 'Targets and progress', pt: 'Metas e progresso' },
  indicator: { es: 'Indicador', en: 'Indicator', pt: 'Indicador' },
  baseline: { es: 'Línea base', en: 'Baseline', pt: 'Linha de base' },
  target: { es: 'Meta', en: 'Target', pt: 'Meta' },
  year: { es: 'Año', en: 'Year', pt: 'Ano' },
  current: { es: 'Actual', en: 'Current', pt: 'Atual' },
  progress: { es: 'Avance', en: 'Progress', pt: 'Progresso' },
  asOf: {
    es: 'Valores actuales calculados a partir de los registros de la plataforma al',
    en: 'Current values computed from the platform’s records as of',
    pt: 'Valores atuais calculados a partir dos registros da plataforma em',
  },
  noTargets: { es: 'El plan no tiene metas.', en: 'The plan has no targets.', pt: 'O plano não tem metas.' },
  region_latin_america_caribbean: { es: 'América Latina y el Caribe', en: 'Latin America and the Caribbean', pt: 'América Latina e Caribe' },
  region_north_america: { es: 'América del Norte', en: 'North America', pt: 'América do Norte' },
  region_europe: { es: 'Europa', en: 'Europe', pt: 'Europa' },
  region_africa: { es: 'África', en: 'Africa', pt: 'África' },
  region_asia: { es: 'Asia', en: 'Asia', pt: 'Ásia' },
  region_oceania: { es: 'Oceanía', en: 'Oceania', pt: 'Oceania' },
  region_middle_east: { es: 'Oriente Medio', en: 'Middle East', pt: 'Oriente Médio' },
  direction_received: { es: 'recibida', en: 'received', pt: 'recebida' },
  direction_offered: { es: 'ofrecida', en: 'offered', pt: 'oferecida' },
  direction_mutual: { es: 'mutua', en: 'mutual', pt: 'mútua' },
} satisfies Record<string, Record<Lang, string>>;

export type LabelKey = keyof typeof LABELS;

export function label(key: string, lang: Lang): string {
  return (LABELS as Record<string, Record<Lang, string>>)[key]?.[lang] ?? key;
}
