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
import { en } from './messages.en';
import { fr } from './messages.fr';

// French is the default language of the product; English is the second one.
export const DEFAULT_LOCALE: Locale = 'fr';
const STORAGE_KEY = 'permanente.locale';
const catalogues: Record<Locale, Messages> = { fr, en };

/**
 * Fills {placeholders}, plurals and elisions (see formatMessage); numbers are formatted for the
 * locale (2 587 031 in French).
 */
export function translate(locale: Locale, key: MessageKey, params?: TranslateParams): string {
  const template = catalogues[locale][key] ?? catalogues[DEFAULT_LOCALE][key] ?? key;
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
  useEffect(() => {
    document.documentElement.lang = locale;
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
    [locale, setLocale],
  );
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18nValue {
  const value = useContext(I18nContext);
  if (!value) throw new Error('useI18n must be used inside <I18nProvider>');
  return value;
}
