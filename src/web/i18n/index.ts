import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import es from './es.json' with { type: 'json' };
import en from './en.json' with { type: 'json' };
import pt from './pt.json' with { type: 'json' };

export const LANGUAGES = ['es', 'en', 'pt'] as const;
export type Language = (typeof LANGUAGES)[number];
const STORAGE_KEY = 'glocal.language';

function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

function storedLanguage(): Language {
  try {
    const stored = localStorage.getItem(STORAGE_KEY);
    if (isLanguage(stored)) return stored;
  } catch {
    // Storage may be blocked; Spanish is the default.
  }
  return 'es';
}

export function currentLanguage(): Language {
  return isLanguage(i18n.resolvedLanguage) ? i18n.resolvedLanguage : 'es';
}

export async function changeLanguage(language: Language): Promise<void> {
  try {
    localStorage.setItem(STORAGE_KEY, language);
  } catch {
    // Not remembered, but still applied.
  }
  await i18n.changeLanguage(language);
}

function setDocumentLanguage(language: string) {
  if (typeof document !== 'undefined') document.documentElement.lang = language;
}

i18n.on('languageChanged', setDocumentLanguage);

// Each UI feature keeps its texts beside it (features/<name>/i18n/<lang>.json), under the key "<name>".
const featureTexts = import.meta.glob<Record<string, unknown>>('../features/*/i18n/*.json', { eager: true, import: 'default' });

function withFeatures(language: Language, base: Record<string, unknown>) {
  const merged: Record<string, unknown> = { ...base };
  for (const [path, texts] of Object.entries(featureTexts)) {
    const match = /features\/([^/]+)\/i18n\/([a-z]+)\.json$/.exec(path);
    if (match && match[2] === language) merged[match[1]!] = texts;
  }
  return merged;
}

void i18n.use(initReactI18next).init({
  resources: {
    es: { translation: withFeatures('es', es) },
    en: { translation: withFeatures('en', en) },
    pt: { translation: withFeatures('pt', pt) },
  },
  lng: storedLanguage(),
  fallbackLng: 'es',
  supportedLngs: [...LANGUAGES],
  interpolation: { escapeValue: false },
  returnNull: false,
});
setDocumentLanguage(storedLanguage());

export default i18n;
