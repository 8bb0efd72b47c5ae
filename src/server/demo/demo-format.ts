/** The shape of data/demo/*.json: records transcribed from a source, or invented and flagged illustrative. */
export interface DemoPartner {
  key: string;
  name: string;
  type: string;
  country: string | null;
  city: string | null;
  aliases: string[];
}

export interface DemoDelegate {
  name?: string | null;
  title?: string | null;
  position?: string | null;
  organisation?: string | null;
  country?: string | null;
}

export interface DemoAction {
  key: string;
  type: 'participation' | 'award' | 'visit' | 'hosted_event' | 'agreement' | 'membership' | 'project';
  title: string;
  description: string | null;
  startDate: string | null;
  endDate: string | null;
  datePrecision: 'day' | 'month' | 'year' | null;
  city: string | null;
  country: string | null;
  themes: string[];
  partners: { partner: string; role: string }[];
  source: string | null;
  ambiguity: string | null;
  visibility?: 'public' | 'gads' | 'government' | 'own';
  details: Record<string, unknown>;
}

export interface DemoFile {
  source: string;
  /** DPA code of the GAD that owns the actions; Quito when absent. */
  gad?: string;
  illustrative?: boolean;
  partners: DemoPartner[];
  actions: DemoAction[];
}
