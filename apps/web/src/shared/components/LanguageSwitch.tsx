import { useI18n } from '@web/i18n/i18n';
import { LOCALES } from '@web/i18n/i18n-types';

/**
 * French or English, kept in the browser; used by the site header and the participant's
 * (`compact`: "FR" and "EN", the language's name as a tooltip, to fit a phone's header).
 */
export function LanguageSwitch({ compact = false }: { compact?: boolean }) {
  const { t, locale, setLocale } = useI18n();
  return (
    <div className="lang" role="group" aria-label={t('lang.label')}>
      {LOCALES.map((candidate) => (
        <button
          key={candidate}
          type="button"
          lang={candidate}
          aria-pressed={candidate === locale}
          onClick={() => setLocale(candidate)}
          title={compact ? t(`lang.${candidate}`) : undefined}
        >
          {compact ? candidate.toUpperCase() : t(`lang.${candidate}`)}
        </button>
      ))}
    </div>
  );
}
