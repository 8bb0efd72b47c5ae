import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type Country, type LocalisedName, type Theme } from '../api/client.ts';

interface Reference {
  themes: Map<string, LocalisedName>;
  countries: Map<string, LocalisedName>;
}

let cache: Promise<Reference> | null = null;

function loadReference(): Promise<Reference> {
  cache ??= Promise.all([api.themes(), api.countries()]).then(
    ([themes, countries]) => ({
      themes: new Map(themes.items.map((t: Theme) => [t.code, t.name])),
      countries: new Map(countries.items.map((c: Country) => [c.code, c.name])),
    }),
    (error: unknown) => {
      cache = null;
      throw error;
    },
  );
  return cache;
}

/** Localised names of themes and countries; falls back to the code until loaded. */
export function useReference() {
  const { i18n } = useTranslation();
  const [reference, setReference] = useState<Reference | null>(null);
  useEffect(() => {
    let live = true;
    loadReference().then((r) => live && setReference(r), () => undefined);
    return () => {
      live = false;
    };
  }, []);
  const language = (i18n.resolvedLanguage ?? 'es') as keyof LocalisedName;
  return {
    themeName: (code: string) => reference?.themes.get(code)?.[language] ?? code,
    countryName: (code: string | null | undefined) => (code ? (reference?.countries.get(code)?.[language] ?? code) : ''),
    countries: reference?.countries ?? null,
  };
}
