import {
  createContext,
  ReactNode,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useState,
} from 'react';
import { formatMessage } from './format-message';
import { LOCALES, Locale, MessageKey, Messages, Translate, TranslateParams } from './i18n-types';
import { fr } from './messages.fr';

// French is the default language of the product; English is the second one.
export const DEFAULT_LOCALE: Locale = 'fr';
const STORAGE_KEY = 'permanente.locale';
// The participant's French is in the first chunk, the other screens' French comes with their
// chunk (addFrenchMessages); another language is a chunk of its own, downloaded only by who
// picks it (the phone's budget, docs/phone.md). Until it arrives, French.
const catalogues: Partial<Record<Locale, Partial<Messages>>> = { fr: { ...fr } };
const loaders: Record<Locale, () => Promise<Partial<Messages>>> = {
  fr: async () => ({ ...fr }),
  en: () => import('./messages.en').then((module) => module.en),
};

/** The French of the staff and public screens, registered by their chunk when it loads. */
export function addFrenchMessages(messages: Partial<Messages>): void {
  catalogues.fr = { ...catalogues.fr, ...messages };
}

/** Makes a catalogue available to translate(); resolves at once when it already is. */
export async function loadCatalogue(locale: Locale): Promise<void> {
  catalogues[locale] ??= await loaders[locale]();
}

/**
 * Fills {placeholders}, plurals and elisions (see formatMessage); numbers are formatted for the
 * locale (2 587 031 in French).
 */
export function translate(locale: Locale, key: MessageKey, params?: TranslateParams): string {
  const template = catalogues[locale]?.[key] ?? catalogues.fr?.[key] ?? key;
  return formatMessage(locale, template, params);
}

function storedLocale(): Locale {
  try {
    const value = window.localStorage.getItem(STORAGE_KEY);
    return (LOCALES as readonly string[]).includes(value ?? '')
      ? (value as Locale)
      : DEFAULT_LOCALE;
  } catch {
    return DEFAULT_LOCALE; // storage can be disabled (private mode on old phones)
  }
}

interface I18nValue {
  locale: Locale;
  setLocale(locale: Locale): void;
  t: Translate;
}

const I18nContext = createContext<I18nValue | null>(null);

export function I18nProvider({
  children,
  initialLocale,
}: {
  children: ReactNode;
  initialLocale?: Locale;
}) {
  const [locale, setLocaleState] = useState<Locale>(() => initialLocale ?? storedLocale());
  // Counts the catalogues that arrived, so that the texts are drawn again in their language.
  const [catalogueLoads, setCatalogueLoads] = useState(0);
  useEffect(() => {
    document.documentElement.lang = locale;
    if (catalogues[locale]) return;
    let current = true;
    loadCatalogue(locale).then(
      () => current && setCatalogueLoads((n) => n + 1),
      () => undefined, // offline before the chunk was ever fetched: French stays
    );
    return () => {
      current = false;
    };
  }, [locale]);
  const setLocale = useCallback((next: Locale) => {
    setLocaleState(next);
    try {
      window.localStorage.setItem(STORAGE_KEY, next);
    } catch {
      // the choice then lasts for this page only
    }
  }, []);
  const value = useMemo<I18nValue>(
    () => ({ locale, setLocale, t: (key, params) => translate(locale, key, params) }),
    // eslint-disable-next-line react-hooks/exhaustive-deps -- a new catalogue means new texts
    [locale, setLocale, catalogueLoads],
  );
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18nValue {
  const value = useContext(I18nContext);
  if (!value) throw new Error('useI18n must be used inside <I18nProvider>');
  return value;
}
