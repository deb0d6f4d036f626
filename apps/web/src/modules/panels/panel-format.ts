import type { PanelFeature, PanelQuota } from '@permanente/contracts';

/** A probability as a percentage with one decimal, in the page's language. */
export function percent(probability: number | null, locale: string): string {
  if (probability === null) return '–';
  return new Intl.NumberFormat(locale, {
    style: 'percent',
    minimumFractionDigits: 1,
    maximumFractionDigits: 1,
  }).format(probability);
}

/** The label of a feature's value (the value itself when unknown). */
export function valueLabel(features: PanelFeature[], key: string, value: string): string {
  const feature = features.find((f) => f.key === key);
  return feature?.values.find((v) => v.value === value)?.label ?? value;
}

/** Quota inputs: one row per feature value, min and max as text while typed. */
export interface QuotaDraft {
  feature: string;
  value: string;
  min: string;
  max: string;
}

export function quotaDrafts(features: PanelFeature[], quotas: PanelQuota[]): QuotaDraft[] {
  return features.flatMap((feature) =>
    feature.values.map((value) => {
      const quota = quotas.find((q) => q.feature === feature.key && q.value === value.value);
      return {
        feature: feature.key,
        value: value.value,
        min: quota ? String(quota.min) : '',
        max: quota ? String(quota.max) : '',
      };
    }),
  );
}

/**
 * Rows with a min or a max become quotas (a missing min is 0, a missing max the seats);
 * rows left empty have no quota. Returns the rows that are not whole numbers as errors.
 */
export function quotasFromDrafts(
  drafts: QuotaDraft[],
  seats: number,
): { quotas: PanelQuota[]; invalid: string[] } {
  const quotas: PanelQuota[] = [];
  const invalid: string[] = [];
  for (const draft of drafts) {
    if (draft.min.trim() === '' && draft.max.trim() === '') continue;
    const min = draft.min.trim() === '' ? 0 : Number(draft.min);
    const max = draft.max.trim() === '' ? seats : Number(draft.max);
    if (!Number.isInteger(min) || !Number.isInteger(max) || min < 0 || max < 0) {
      invalid.push(`${draft.feature}=${draft.value}`);
      continue;
    }
    quotas.push({ feature: draft.feature, value: draft.value, min, max });
  }
  return { quotas, invalid };
}
