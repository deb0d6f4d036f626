import { useState } from 'react';
import { useI18n } from '@web/i18n/i18n';
import { Feedback } from '@web/shared/components/Feedback';
import { useApiQuery } from '@web/shared/query/useApiQuery';
import { queryKeys } from '@web/shared/query/query-keys';
import { facilitatorApi } from '../api/facilitator.api';
import { useAction } from './useAction';

/** Applies a run sheet (agenda template, the 2017 Fabrik format first) in one step. */
export function RunSheetPicker({ workshopId }: { workshopId: string }) {
  const { t } = useI18n();
  const action = useAction();
  const templates = useApiQuery(queryKeys.workshops.runSheets, (signal) =>
    facilitatorApi.runSheets(signal),
  );
  const [chosen, setChosen] = useState('');
  if (!templates.isSuccess || templates.data.length === 0) return null;
  const template = templates.data.find((one) => one.id === chosen) ?? templates.data[0];
  const apply = async () => {
    let count = 0;
    const done = await action.run(async (headers) => {
      count = (await facilitatorApi.applyRunSheet(workshopId, template.id, headers)).length;
    });
    if (done) action.setMessage({ kind: 'success', text: t('runSheet.applied', { count }) });
  };
  return (
    <div className="run-sheet">
      <h3>{t('runSheet.title')}</h3>
      <label htmlFor="run-sheet-template">{t('runSheet.template')}</label>
      <select
        id="run-sheet-template"
        value={template.id}
        onChange={(event) => setChosen(event.target.value)}
      >
        {templates.data.map((one) => (
          <option key={one.id} value={one.id}>
            {one.name}
          </option>
        ))}
      </select>
      <p className="muted">{template.description}</p>
      <ol className="run-sheet-steps">
        {template.activities.map((activity, index) => (
          <li key={index}>
            {activity.prompt}{' '}
            <span className="muted">{t('runSheet.minutes', { minutes: activity.minutes })}</span>
          </li>
        ))}
      </ol>
      <button type="button" className="button" disabled={action.busy} onClick={() => void apply()}>
        {t('runSheet.apply')}
      </button>
      <Feedback message={action.message} />
    </div>
  );
}
