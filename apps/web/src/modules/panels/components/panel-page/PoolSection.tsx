import type {
  FieldError,
  PanelDuplicate,
  PanelResponse,
  PanelVolunteerResponse,
} from '@permanente/contracts';
import { ChangeEvent, FormEvent, useState } from 'react';
import { useI18n } from '@web/i18n/i18n';
import type { Translate } from '@web/i18n/i18n-types';
import { Feedback } from '@web/shared/components/Feedback';
import { panelsApi } from '@web/modules/panels/api/panels.api';
import { percent, valueLabel } from '@web/modules/panels/panel-format';
import { useWrite } from '@web/modules/panels/hooks/useWrite';
import type { Refresh } from '@web/modules/panels/hooks/useWrite';

/** `line 4` (the API's words) in the page's language; a volunteer's id as is. */
function lineRef(matches: string, t: Translate): string {
  const line = matches.match(/^line (\d+)$/)?.[1];
  return line ? t('panels.import.lineRef', { line }) : matches;
}

/** French (or English) for the CSV import's row and column errors. */
export function describeImportError(field: FieldError, t: Translate): string {
  const column = field.field.match(/columns\.(.+)$/)?.[1];
  const cell = field.field.match(/line(\d+)(?:\.(.+))?$/);
  if (column && field.code === 'missingColumn') return t('panels.import.missingColumn', { column });
  if (column) return t('panels.import.unknownColumn', { column });
  if (cell) {
    const params = { line: cell[1], column: cell[2] ?? '' };
    if (field.code === 'unknownValue') return t('panels.import.unknownValue', params);
    if (field.code === 'required') return t('panels.import.required', params);
    if (field.code === 'contactRequired') return t('panels.import.contactRequired', params);
    if (field.code === 'duplicate')
      return t('panels.import.duplicate', {
        line: cell[1],
        matches: lineRef(field.reason.match(/same person as (.+?) \(/)?.[1] ?? '', t),
      });
    return t('panels.import.other', { ...params, reason: field.reason });
  }
  return field.reason;
}

export function PoolSection({
  panel,
  volunteers,
  drawn,
  refresh,
}: {
  panel: PanelResponse;
  volunteers: PanelVolunteerResponse[];
  drawn: boolean;
  refresh: Refresh;
}) {
  const { t, locale } = useI18n();
  const write = useWrite();
  const [file, setFile] = useState<File | null>(null);
  const [merge, setMerge] = useState(false);
  const [merged, setMerged] = useState<PanelDuplicate[]>([]);
  const importErrors = write.failure?.body?.fields ?? [];

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!file) return;
    const csv = await file.text();
    setMerged([]);
    const ok = await write.run(async (headers) => {
      const result = await panelsApi.importCsv(panel.id, csv, headers, merge ? 'merge' : 'refuse');
      setMerged(result.duplicates);
      return result;
    }, t('panels.import.done'));
    if (ok) await refresh();
  };

  return (
    <section aria-labelledby="pool-heading">
      <h2 id="pool-heading">{t('panels.pool.title')}</h2>
      {!drawn && panel.poolErasedAt === null && (
        <form className="stack-form" onSubmit={submit}>
          <label htmlFor="pool-file">{t('panels.import.file')}</label>
          <p className="muted" id="pool-file-help">
            {t('panels.import.help', { columns: panel.features.map((f) => f.key).join(', ') })}
          </p>
          <input
            id="pool-file"
            type="file"
            accept=".csv,text/csv"
            aria-describedby="pool-file-help"
            onChange={(event: ChangeEvent<HTMLInputElement>) =>
              setFile(event.target.files?.[0] ?? null)
            }
          />
          <label className="checkbox">
            <input type="checkbox" checked={merge} onChange={(e) => setMerge(e.target.checked)} />{' '}
            {t('panels.import.merge')}
          </label>
          <button type="submit" disabled={!file || write.busy}>
            {t('panels.import.submit')}
          </button>
          <Feedback message={write.message} />
          {merged.length > 0 && (
            <ul aria-label={t('panels.import.merged', { count: merged.length })}>
              {merged.map((duplicate) => (
                <li key={duplicate.line}>
                  {t('panels.import.duplicate', {
                    line: duplicate.line,
                    matches: lineRef(duplicate.matches, t),
                  })}
                </li>
              ))}
            </ul>
          )}
          {importErrors.length > 0 && (
            <ul className="field-error" aria-label={t('panels.import.errors')}>
              {importErrors.map((field) => (
                <li key={field.field + field.code}>{describeImportError(field, t)}</li>
              ))}
            </ul>
          )}
        </form>
      )}
      {panel.poolErasedAt && <p className="notice">{t('panels.erase.done')}</p>}
      {volunteers.length === 0 ? (
        <p>{t('panels.pool.empty')}</p>
      ) : (
        <div
          style={{ overflowX: 'auto' }}
          tabIndex={0}
          role="region"
          aria-label={t('panels.pool.caption', { count: volunteers.length })}
        >
          <table className="synthesis-table">
            <caption>{t('panels.pool.caption', { count: volunteers.length })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('panels.pool.id')}</th>
                <th scope="col">{t('panels.pool.name')}</th>
                {panel.features.map((feature) => (
                  <th scope="col" key={feature.key}>
                    {feature.label}
                  </th>
                ))}
                <th scope="col">{t('panels.pool.probability')}</th>
                <th scope="col">{t('panels.pool.selected')}</th>
              </tr>
            </thead>
            <tbody>
              {volunteers.map((volunteer) => (
                <tr key={volunteer.publicId}>
                  <td>{volunteer.publicId}</td>
                  <td>{volunteer.name ?? t('panels.pool.erased')}</td>
                  {panel.features.map((feature) => (
                    <td key={feature.key}>
                      {valueLabel(panel.features, feature.key, volunteer.features[feature.key])}
                    </td>
                  ))}
                  <td>{percent(volunteer.probability, locale)}</td>
                  <td>{volunteer.selected ? t('common.yes') : ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
