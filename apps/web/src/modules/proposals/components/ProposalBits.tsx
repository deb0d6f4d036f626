import type { ProposalDetail, ProposalSummary } from '@permanente/contracts';
import { Link } from 'wouter';
import { useI18n } from '@web/i18n/i18n';
import { formatDay, stateLabel } from '../proposal-format';

/** Status, answer and overdue badges, in words (never colour alone). */
export function ProposalBadges({ proposal }: { proposal: ProposalSummary }) {
  const { t } = useI18n();
  return (
    <span className="proposal-badges">
      <span className="badge">{t(`proposals.status.${proposal.status}`)}</span>
      {proposal.answerState && (
        <span className="badge badge-answer">{stateLabel(proposal.answerState, t)}</span>
      )}
      {proposal.overdue && <span className="badge badge-overdue">{t('proposals.overdue')}</span>}
    </span>
  );
}

/** One line of a list, linking to the proposal's page (`base`: public or officials'). */
export function ProposalCard({
  proposal,
  base = '/proposals',
}: {
  proposal: ProposalSummary;
  base?: string;
}) {
  const { t, locale } = useI18n();
  return (
    <>
      <Link href={`${base}/${proposal.id}`} className="proposal-title">
        {proposal.title}
      </Link>
      <p className="muted">
        <ProposalBadges proposal={proposal} /> {proposal.territoryName} ·{' '}
        {t(`proposals.source.${proposal.source}`)}
        {proposal.sourceBody ? ` (${proposal.sourceBody})` : ''} ·{' '}
        {t('proposals.supports', { count: proposal.supportsCount })}
        {proposal.answerDueAt && proposal.status !== 'answered' && (
          <> · {t('proposals.dueOn', { date: formatDay(proposal.answerDueAt, locale) })}</>
        )}
        {proposal.ideaCount > 0 && (
          <> · {t('proposals.ideaCount', { count: proposal.ideaCount })}</>
        )}
        {proposal.progress !== null && (
          <> · {t('proposals.progress', { percent: proposal.progress })}</>
        )}
      </p>
    </>
  );
}

/** "Built from 14 ideas at the Fabrik de Montargis, 3 March 2026", and the ideas. */
export function Provenance({ proposal }: { proposal: ProposalDetail }) {
  const { t, locale } = useI18n();
  const p = proposal.provenance;
  return (
    <section aria-labelledby="provenance-heading" className="provenance">
      <h2 id="provenance-heading">{t('proposals.provenance.title')}</h2>
      {p.workshopTitle ? (
        <p data-testid="provenance">
          {t('proposals.provenance.builtFrom', {
            count: p.ideaCount,
            workshop: p.workshopTitle,
            date: formatDay(p.workshopDate, locale),
          })}
          {p.themeName && <> {t('proposals.provenance.theme', { theme: p.themeName })}</>}
        </p>
      ) : (
        <p data-testid="provenance">
          {t(`proposals.source.${proposal.source}`)}
          {proposal.authors ? ` : ${proposal.authors}` : ''}
        </p>
      )}
      {p.ideas.length > 0 && (
        <details>
          <summary>{t('proposals.provenance.showIdeas', { count: p.ideas.length })}</summary>
          <ul className="synthesis-ideas">
            {p.ideas.map((idea) => (
              <li key={idea.id}>{idea.text}</li>
            ))}
          </ul>
        </details>
      )}
    </section>
  );
}

/** The current answer, its history, and the follow-ups. */
export function Answers({ proposal }: { proposal: ProposalDetail }) {
  const { t, locale } = useI18n();
  const [current, ...older] = proposal.answers;
  return (
    <section aria-labelledby="answer-heading">
      <h2 id="answer-heading">{t('proposals.answer.title')}</h2>
      {!current && (
        <p>
          {proposal.overdue
            ? t('proposals.answer.overdue', {
                date: formatDay(proposal.answerDueAt, locale),
              })
            : t('proposals.answer.awaited', {
                date: formatDay(proposal.answerDueAt, locale),
              })}
        </p>
      )}
      {current && (
        <div className="answer" data-testid="answer">
          <p>
            <strong>{stateLabel(current.state, t)}</strong>
          </p>
          <p className="answer-reasons">{current.reasons}</p>
          <p className="muted">
            {t('proposals.answer.by', {
              name: current.officialName,
              office: current.officialOffice ?? '',
              date: formatDay(current.answeredAt, locale),
            })}
          </p>
        </div>
      )}
      {older.length > 0 && (
        <details>
          <summary>{t('proposals.answer.history', { count: older.length })}</summary>
          <ol reversed>
            {older.map((answer) => (
              <li key={answer.version}>
                <strong>{stateLabel(answer.state, t)}</strong> (
                {formatDay(answer.answeredAt, locale)}, {answer.officialName}) : {answer.reasons}
              </li>
            ))}
          </ol>
        </details>
      )}
      {proposal.followUps.length > 0 && (
        <>
          <h3>{t('proposals.followUps.title')}</h3>
          <ol className="follow-ups">
            {proposal.followUps.map((followUp) => (
              <li key={followUp.id}>
                <p>
                  <strong>{formatDay(followUp.at, locale)}</strong> ·{' '}
                  <label>
                    {t('proposals.progress', { percent: followUp.progress })}{' '}
                    <progress max={100} value={followUp.progress} />
                  </label>
                </p>
                <p>{followUp.text}</p>
                <p className="muted">{followUp.authorName}</p>
              </li>
            ))}
          </ol>
        </>
      )}
    </section>
  );
}
