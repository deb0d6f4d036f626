import type { PanelFeature } from '@permanente/contracts';

/** A feature as typed in the form: its values one per line, `value = label`. */
export interface FeatureDraft {
  key: string;
  label: string;
  values: string;
}

export function featureDrafts(features: readonly PanelFeature[]): FeatureDraft[] {
  return features.map((feature) => ({
    key: feature.key,
    label: feature.label,
    values: feature.values
      .map((v) => (v.label === v.value ? v.value : `${v.value} = ${v.label}`))
      .join('\n'),
  }));
}

/** Back to features: blank lines skipped; a line without `=` is its own label. */
export function featuresFromDrafts(drafts: readonly FeatureDraft[]): PanelFeature[] {
  return drafts.map((draft) => ({
    key: draft.key.trim(),
    label: draft.label.trim() || draft.key.trim(),
    values: draft.values
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line !== '')
      .map((line) => {
        const at = line.indexOf('=');
        if (at < 0) return { value: line, label: line };
        const value = line.slice(0, at).trim();
        return { value, label: line.slice(at + 1).trim() || value };
      }),
  }));
}
