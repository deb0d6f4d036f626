import type { CommuneSummary } from '@permanente/contracts';
import { useEffect, useState } from 'react';
import { useI18n } from '@web/i18n/i18n';
import { errorReason } from '@web/shared/api/error-reason';
import { getJson } from '@web/shared/api/http';

/**
 * The commune of residence, found by the beginning of its name or of its postcode; the
 * answer is a radio button among the communes found (or "I prefer not to say").
 */
// Here rather than in participantApi: only "my data" (a chunk of its own) needs it.
const findCommunes = (query: string, signal?: AbortSignal) =>
  getJson<CommuneSummary[]>(`/api/communes?q=${encodeURIComponent(query)}`, signal);

export function CommuneSearch({
  value,
  onChange,
  idPrefix = 'profile',
}: {
  value: string;
  onChange(code: string): void;
  /** Unique on the page: the console shows two profile forms. */
  idPrefix?: string;
}) {
  const { t } = useI18n();
  const [query, setQuery] = useState('');
  const [found, setFound] = useState<CommuneSummary[] | null>(null);
  const [chosen, setChosen] = useState<CommuneSummary | null>(null);
  const [status, setStatus] = useState('');

  // The commune answered before: found again by its code, to show it as the checked answer.
  const [initial] = useState(value);
  useEffect(() => {
    if (!initial) return;
    const controller = new AbortController();
    findCommunes(initial, controller.signal)
      .then((communes) => setChosen(communes.find((c) => c.code === initial) ?? null))
      .catch(() => undefined);
    return () => controller.abort();
  }, [initial]);

  const search = async () => {
    setStatus('');
    try {
      const communes = await findCommunes(query.trim());
      setFound(communes);
      setStatus(t('profile.commune.found', { count: communes.length }));
    } catch (error) {
      setStatus(t('myData.failed', { reason: errorReason(error, t) }));
    }
  };

  const options = [
    ...(chosen && !found?.some((c) => c.code === chosen.code) ? [chosen] : []),
    ...(found ?? []),
  ];
  return (
    <fieldset>
      <legend>{t('profile.commune.legend')}</legend>
      <label htmlFor={`${idPrefix}-commune-query`}>{t('profile.commune.query')}</label>
      <div className="commune-search">
        <input
          id={`${idPrefix}-commune-query`}
          type="search"
          autoComplete="off"
          value={query}
          onChange={(event) => setQuery(event.target.value)}
          onKeyDown={(event) => {
            if (event.key === 'Enter') {
              event.preventDefault();
              void search();
            }
          }}
        />
        <button type="button" onClick={() => void search()}>
          {t('profile.commune.search')}
        </button>
      </div>
      <p role="status" className="muted">
        {status}
      </p>
      {options.map((commune) => (
        <label key={commune.code} className="choice">
          <input
            type="radio"
            name="communeCode"
            value={commune.code}
            checked={value === commune.code}
            onChange={() => {
              setChosen(commune);
              onChange(commune.code);
            }}
          />{' '}
          {commune.postcodes.length > 0
            ? `${commune.name} (${commune.postcodes.join(', ')})`
            : commune.name}
        </label>
      ))}
      {(options.length > 0 || value) && (
        <label className="choice">
          <input
            type="radio"
            name="communeCode"
            value=""
            checked={value === ''}
            onChange={() => onChange('')}
          />{' '}
          {t('myData.profile.noAnswer')}
        </label>
      )}
    </fieldset>
  );
}
