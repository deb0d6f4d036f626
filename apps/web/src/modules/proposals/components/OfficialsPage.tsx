import type { ProposalPage } from '@permanente/contracts';
import { useState } from 'react';
import { useI18n } from '@web/i18n/i18n';
import { LoadError, Loading } from '@web/shared/components/ApiStatus';
import { Feedback, type FeedbackMessage } from '@web/shared/components/Feedback';
import { Page } from '@web/shared/components/Page';
import { useApiQuery } from '@web/shared/query/useApiQuery';
import { queryKeys } from '@web/shared/query/query-keys';
import { useAuth } from '@web/modules/auth/AuthProvider';
import { proposalsApi } from '../api/proposals.api';
import { AnswerForm } from './AnswerForm';
import { RequireRole } from '@web/modules/auth/components/RequireRole';
import { ProposalCard } from './ProposalBits';
import { Pager, ProposalFilters, resultsCount, usePagedQuery } from './ProposalFilters';
import '../proposals.css';

/** `/officials`: the review queue in the official's scope, answering from the list. */
export function OfficialsPage() {
  const { t } = useI18n();
  return (
    <RequireRole title={t('proposals.officials.title')}>
      <Queue />
    </RequireRole>
  );
}

function Queue() {
  const { t, locale } = useI18n();
  const { session } = useAuth();
  const isOfficial = session?.user.roles.includes('official') ?? false;
  const paging = usePagedQuery({ limit: 20, sort: 'due' });
  const { query } = paging;
  const [answering, setAnswering] = useState<string | null>(null);
  const [notice, setNotice] = useState<FeedbackMessage | null>(null);
  const page = useApiQuery<ProposalPage>(queryKeys.proposals.queue(query), (signal) =>
    proposalsApi.queue(query, signal),
  );
  return (
    <Page title={t('proposals.officials.title')} intro={t('proposals.officials.intro')}>
      <ProposalFilters initial={query} onApply={paging.apply} staff />
      <p className="button-row">
        <a
          href={proposalsApi.exportUrl(
            { ...query, limit: undefined, offset: undefined, cursor: undefined },
            locale,
          )}
        >
          {t('proposals.officials.export')}
        </a>
        <a href="/proposals/report">{t('proposals.report.link')}</a>
      </p>
      <Feedback message={notice} />
      <section aria-labelledby="queue-heading">
        <h2 id="queue-heading">
          {page.isSuccess
            ? resultsCount(t, page.data, 'proposals.officials.queue')
            : t('proposals.resultsTitle')}
        </h2>
        {page.isPending && <Loading />}
        {page.isError && <LoadError error={page.error} onRetry={() => void page.refetch()} />}
        {page.isSuccess && (
          <>
            {page.data.items.length === 0 && <p>{t('proposals.none')}</p>}
            <ul className="cards proposal-list">
              {page.data.items.map((proposal) => (
                <li key={proposal.id}>
                  <ProposalCard proposal={proposal} base="/officials/proposals" />
                  {isOfficial && proposal.status !== 'draft' && (
                    <>
                      <button
                        type="button"
                        className="button"
                        aria-expanded={answering === proposal.id}
                        aria-controls={`answer-${proposal.id}`}
                        onClick={() => setAnswering(answering === proposal.id ? null : proposal.id)}
                      >
                        {proposal.answerState
                          ? t('proposals.answer.again', { title: proposal.title })
                          : t('proposals.answer.open', { title: proposal.title })}
                      </button>
                      <div id={`answer-${proposal.id}`} hidden={answering !== proposal.id}>
                        {answering === proposal.id && (
                          <AnswerForm
                            proposalId={proposal.id}
                            current={proposal.answerState ? { state: proposal.answerState } : null}
                            idPrefix={`q-${proposal.id}`}
                            onAnswered={(detail) => {
                              setAnswering(null);
                              setNotice({
                                kind: 'success',
                                text: t('proposals.answer.sentFor', { title: detail.title }),
                              });
                            }}
                          />
                        )}
                      </div>
                    </>
                  )}
                </li>
              ))}
            </ul>
            <Pager page={page.data} paging={paging} />
          </>
        )}
      </section>
    </Page>
  );
}
