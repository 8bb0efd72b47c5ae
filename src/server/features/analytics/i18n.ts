/** The annual report's labels in Spanish, English and Portuguese. */
export type Lang = 'es' | 'en' | 'pt';

const LABELS = {
  annualReport: { es: 'Informe anual', en: 'Annual report', pt: 'Relatório anual' },
  report: { es: 'Informe de relaciones internacionales', en: 'International relations report', pt: 'Relatório de relações internacionais' },
  computed: {
    es: 'Cifras calculadas a partir de los registros de la plataforma Glocal que el lector puede ver, al',
    en: 'Figures computed from the Glocal platform’s records that the reader may see, as of',
    pt: 'Números calculados a partir dos registros da plataforma Glocal que o leitor pode ver, em',
  },
  indicators: { es: 'Indicadores de posicionamiento internacional', en: 'International positioning indicators', pt: 'Indicadores de posicionamento internacional' },
  year: { es: 'Año', en: 'Year', pt: 'Ano' },
  undated: { es: 'Sin fecha', en: 'Undated', pt: 'Sem data' },
  total: { es: 'Total', en: 'Total', pt: 'Total' },
  kind_participation: { es: 'Participaciones', en: 'Participations', pt: 'Participações' },
  kind_award: { es: 'Premios', en: 'Awards', pt: 'Prêmios' },
  kind_visit: { es: 'Visitas oficiales', en: 'Official visits', pt: 'Visitas oficiais' },
  kind_hosted_event: { es: 'Eventos organizados', en: 'Events hosted', pt: 'Eventos sediados' },
  kind_agreement: { es: 'Convenios y hermanamientos', en: 'Agreements and twinnings', pt: 'Convênios e geminações' },
  kind_membership: { es: 'Redes de ciudades', en: 'City networks', pt: 'Redes de cidades' },
  kind_project: { es: 'Proyectos de cooperación', en: 'Cooperation projects', pt: 'Projetos de cooperação' },
  roles: { es: 'Cargos en redes', en: 'Network roles', pt: 'Cargos em redes' },
  rolesNote: {
    es: 'Cargos en redes: cargos directivos en redes de ciudades ejercidos durante el año. Las acciones cuentan en el año en que empiezan.',
    en: 'Network roles: leadership roles in city networks held during the year. Actions count in the year they start.',
    pt: 'Cargos em redes: cargos de direção em redes de cidades exercidos no ano. As ações contam no ano em que começam.',
  },
  money: { es: 'Montos de cooperación presupuestados', en: 'Budgeted cooperation amounts', pt: 'Montantes de cooperação orçados' },
  currency: { es: 'Moneda', en: 'Currency', pt: 'Moeda' },
  amount: { es: 'Monto', en: 'Amount', pt: 'Montante' },
  inUsd: { es: 'En USD', en: 'In USD', pt: 'Em USD' },
  noRate: { es: 'sin tipo de cambio', en: 'no exchange rate', pt: 'sem taxa de câmbio' },
  themes: { es: 'Distribución por tema', en: 'Distribution by theme', pt: 'Distribuição por tema' },
  theme: { es: 'Tema', en: 'Theme', pt: 'Tema' },
  actions: { es: 'Acciones', en: 'Actions', pt: 'Ações' },
  typologies: { es: 'Tipologías', en: 'Typologies', pt: 'Tipologias' },
  typology: { es: 'Tipología', en: 'Typology', pt: 'Tipologia' },
  value: { es: 'Valor', en: 'Value', pt: 'Valor' },
  records: { es: 'Registros del período', en: 'Records of the period', pt: 'Registros do período' },
  title: { es: 'Título', en: 'Title', pt: 'Título' },
  date: { es: 'Fecha', en: 'Date', pt: 'Data' },
  partnersPlace: { es: 'Socios / lugar', en: 'Partners / place', pt: 'Parceiros / local' },
  source: { es: 'Fuente', en: 'Source', pt: 'Fonte' },
  state: { es: 'Estado', en: 'State', pt: 'Estado' },
  network: { es: 'Red', en: 'Network', pt: 'Rede' },
  mainAgreements: { es: 'Principales convenios', en: 'Main agreements', pt: 'Principais convênios' },
  commitments: { es: 'Compromisos cumplidos', en: 'Commitments kept', pt: 'Compromissos cumpridos' },
  noCommitments: { es: 'Ningún compromiso cumplido en el período.', en: 'No commitment was kept in the period.', pt: 'Nenhum compromisso cumprido no período.' },
  completedOn: { es: 'Cumplido el', en: 'Kept on', pt: 'Cumprido em' },
  alignment: { es: 'Alineación con el plan', en: 'Alignment with the plan', pt: 'Alinhamento com o plano' },
  alignmentText: {
    es: 'acciones del período vinculadas al plan; vinculadas a la política nacional (PNBV):',
    en: 'actions of the period linked to the plan; linked to national policy (PNBV):',
    pt: 'ações do período vinculadas ao plano; vinculadas à política nacional (PNBV):',
  },
  illustrative: { es: 'ilustrativo', en: 'illustrative', pt: 'ilustrativo' },
  scope: { es: 'Ámbito territorial', en: 'Territorial scope', pt: 'Âmbito territorial' },
  motive: { es: 'Motivación', en: 'Motive', pt: 'Motivação' },
  channel: { es: 'Canal', en: 'Channel', pt: 'Canal' },
  direction: { es: 'Dirección de la cooperación', en: 'Direction of cooperation', pt: 'Direção da cooperação' },
  flow: { es: 'Flujo', en: 'Flow', pt: 'Fluxo' },
} as const;

export type LabelKey = keyof typeof LABELS;

export function label(key: LabelKey, lang: Lang): string {
  return LABELS[key][lang];
}
