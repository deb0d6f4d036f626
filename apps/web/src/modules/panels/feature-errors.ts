import type { FieldError, PanelFeature } from '@permanente/contracts';
import type { Translate } from '@web/i18n/i18n-types';

/**
 * Where a refused field is in the features sent: `body.features[2].values[0].value` (the API's
 * own checks) or `body.features.2.values.0.value` (its validation pipe).
 */
function locate(field: string): { feature?: number; part?: string; value?: number } | null {
  const match = field.match(
    /^body\.features(?:(?:\[(\d+)\]|\.(\d+))(?:\.(key|label|values))?(?:(?:\[(\d+)\]|\.(\d+))(?:\.(value|label))?)?)?$/,
  );
  if (!match) return null;
  const feature = match[1] ?? match[2];
  const value = match[4] ?? match[5];
  return {
    feature: feature === undefined ? undefined : Number(feature),
    part: match[6] ? `value.${match[6]}` : value !== undefined ? 'value' : match[3],
    value: value === undefined ? undefined : Number(value),
  };
}

/**
 * The API's refusal of the features form (a field and a code each) in the page's language; the
 * API's English `reason` is never shown.
 */
export function describeFeatureError(
  error: FieldError,
  sent: readonly PanelFeature[],
  t: Translate,
): string {
  const at = locate(error.field);
  if (error.code === 'featuresLocked') return t('panels.features.locked');
  if (!at || at.feature === undefined) {
    if (error.code === 'arrayMinSize') return t('panels.features.errors.none');
    if (error.code === 'arrayMaxSize') return t('panels.features.errors.tooMany');
    return t('panels.features.errors.refused');
  }
  const feature = sent[at.feature];
  const n = at.feature + 1;
  const key = feature?.key ?? '';
  const value = at.value === undefined ? '' : (feature?.values[at.value]?.value ?? '');
  switch (error.code) {
    case 'featureKey':
      return t('panels.features.errors.key', { n, key });
    case 'reservedFeature':
      return t('panels.features.errors.reserved', { n, key });
    case 'duplicateFeature':
      return t('panels.features.errors.duplicateKey', { n, key });
    case 'featureValue':
      return t('panels.features.errors.value', { n, value });
    case 'duplicateValue':
      return t('panels.features.errors.duplicateValue', { n, value });
  }
  if (at.part === 'key') return t('panels.features.errors.key', { n, key });
  if (at.part === 'label') return t('panels.features.errors.label', { n });
  if (at.part === 'values' && error.code === 'arrayMinSize')
    return t('panels.features.errors.noValue', { n });
  if (at.part === 'values' && error.code === 'arrayMaxSize')
    return t('panels.features.errors.tooManyValues', { n });
  if (at.part === 'value.value') return t('panels.features.errors.value', { n, value });
  if (at.part === 'value.label') return t('panels.features.errors.valueLabel', { n, value });
  return t('panels.features.errors.featureRefused', { n });
}
