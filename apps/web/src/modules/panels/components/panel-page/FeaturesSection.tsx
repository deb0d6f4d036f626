import type { PanelFeature, PanelResponse } from '@permanente/contracts';
import { FormEvent, useState } from 'react';
import { useI18n } from '@web/i18n/i18n';
import { Feedback } from '@web/shared/components/Feedback';
import { panelsApi } from '@web/modules/panels/api/panels.api';
import {
  featureDrafts,
  featuresFromDrafts,
  type FeatureDraft,
} from '@web/modules/panels/feature-drafts';
import { describeFeatureError } from '@web/modules/panels/feature-errors';
import { useWrite } from '@web/modules/panels/hooks/useWrite';
import type { Refresh } from '@web/modules/panels/hooks/useWrite';

/**
 * The panel's features (the questions every volunteer answers) and their values, set while the
 * pool is empty; the API refuses a change once someone applied (answers would not match).
 */
export function FeaturesSection({ panel, refresh }: { panel: PanelResponse; refresh: Refresh }) {
  const { t } = useI18n();
  const write = useWrite();
  const [drafts, setDrafts] = useState<FeatureDraft[]>(() => featureDrafts(panel.features));
  /** What was last sent: the API's errors point into it. */
  const [sent, setSent] = useState<PanelFeature[]>([]);
  const editable = panel.volunteerCount === 0 && panel.poolErasedAt === null;
  // A 409 (volunteers applied meanwhile) is said by the message alone.
  const errors = write.failure?.status === 400 ? (write.failure.body?.fields ?? []) : [];

  const change = (index: number, patch: Partial<FeatureDraft>) =>
    setDrafts((list) => list.map((draft, i) => (i === index ? { ...draft, ...patch } : draft)));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const features = featuresFromDrafts(drafts);
    setSent(features);
    const ok = await write.run(
      (headers) => panelsApi.update(panel.id, { features }, headers),
      t('panels.features.saved'),
      (error) =>
        error.body?.fields?.length
          ? error.status === 409
            ? t('panels.features.locked')
            : t('panels.features.invalid')
          : null,
    );
    if (ok) await refresh();
  };

  return (
    <section aria-labelledby="features-heading">
      <h2 id="features-heading">{t('panels.features.title')}</h2>
      {!editable ? (
        <>
          <p className="muted">{t('panels.features.locked')}</p>
          <ul>
            {panel.features.map((feature) => (
              <li key={feature.key}>
                {feature.label} ({feature.key}) : {feature.values.map((v) => v.label).join(', ')}
              </li>
            ))}
          </ul>
        </>
      ) : (
        <form className="stack-form" onSubmit={submit}>
          <p className="muted">{t('panels.features.help')}</p>
          {drafts.map((draft, index) => (
            <fieldset key={index}>
              <legend>{t('panels.features.feature', { n: index + 1 })}</legend>
              <label htmlFor={`feature-${index}-label`}>{t('panels.features.label')}</label>
              <input
                id={`feature-${index}-label`}
                value={draft.label}
                maxLength={100}
                onChange={(e) => change(index, { label: e.target.value })}
              />
              <label htmlFor={`feature-${index}-key`}>{t('panels.features.key')}</label>
              <input
                id={`feature-${index}-key`}
                value={draft.key}
                maxLength={40}
                onChange={(e) => change(index, { key: e.target.value })}
              />
              <label htmlFor={`feature-${index}-values`}>{t('panels.features.values')}</label>
              <textarea
                id={`feature-${index}-values`}
                rows={Math.max(3, draft.values.split('\n').length)}
                value={draft.values}
                onChange={(e) => change(index, { values: e.target.value })}
              />
              <button
                type="button"
                className="button-danger"
                onClick={() => setDrafts((list) => list.filter((_, i) => i !== index))}
              >
                {t('panels.features.remove', { label: draft.label || draft.key })}
              </button>
            </fieldset>
          ))}
          <div className="button-row">
            <button
              type="button"
              onClick={() => setDrafts((list) => [...list, { key: '', label: '', values: '' }])}
            >
              {t('panels.features.add')}
            </button>
            <button type="submit" disabled={write.busy}>
              {t('panels.features.save')}
            </button>
          </div>
          <Feedback message={write.message} />
          {errors.length > 0 && (
            <ul className="field-error">
              {errors.map((field) => (
                <li key={field.field + field.code}>{describeFeatureError(field, sent, t)}</li>
              ))}
            </ul>
          )}
        </form>
      )}
    </section>
  );
}
