import type { InitiativeResponse } from '@permanente/contracts';
import { Link } from 'wouter';
import { useI18n } from '@web/i18n/i18n';
import { formatDay } from '../tour-format';

/** One initiative: what it does, where, its themes and its public contact. */
export function InitiativeCard({
  initiative,
  headingLevel = 3,
  showStop = true,
}: {
  initiative: InitiativeResponse;
  headingLevel?: 2 | 3;
  showStop?: boolean;
}) {
  const { t, locale } = useI18n();
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  return (
    <article className="initiative">
      <Heading className="initiative-name">{initiative.name}</Heading>
      <p className="muted">
        {t(`tour.kind.${initiative.kind}`)} · {initiative.territoryName}
      </p>
      {initiative.description && <p>{initiative.description}</p>}
      {initiative.themes.length > 0 && (
        <ul className="themes" aria-label={t('tour.initiatives.themes')}>
          {initiative.themes.map((theme) => (
            <li key={theme}>{theme}</li>
          ))}
        </ul>
      )}
      {(initiative.publicContact || initiative.website) && (
        <p>
          {initiative.publicContact && (
            <>
              {t('tour.initiatives.contact')} {initiative.publicContact}
            </>
          )}
          {initiative.website && (
            <>
              {initiative.publicContact ? ' · ' : ''}
              <a href={initiative.website} rel="noopener noreferrer">
                {t('tour.initiatives.website', { name: initiative.name })}
              </a>
            </>
          )}
        </p>
      )}
      {showStop && initiative.stop && (
        <p>
          <Link href={`/tour/stops/${initiative.stop.id}`}>
            {t('tour.initiatives.metAt', {
              name: initiative.stop.territoryName,
              date: formatDay(initiative.stop.day, locale, 'long'),
            })}
          </Link>
        </p>
      )}
    </article>
  );
}
