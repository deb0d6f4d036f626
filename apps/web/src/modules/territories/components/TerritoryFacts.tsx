import type { TerritorySummary } from '@permanente/contracts';
import { useI18n } from '@web/i18n/i18n';

/** "Département · 691 268 habitants" */
export function TerritoryFacts({ territory }: { territory: TerritorySummary }) {
  const { t } = useI18n();
  return (
    <span className="muted">
      {t(`territories.level.${territory.level}`)} ·{' '}
      {territory.population === null
        ? t('territories.populationUnknown')
        : t('territories.population', { count: territory.population })}
    </span>
  );
}
