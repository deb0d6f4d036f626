import type { ProposalCommentView, ProposalDetail } from '@permanente/contracts';
import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link } from 'wouter';
import { useI18n } from '@web/i18n/i18n';
import { errorReason } from '@web/shared/api/error-reason';
import type { ApiError } from '@web/shared/api/http';
import { LoadError, Loading } from '@web/shared/components/ApiStatus';
import { Feedback, type FeedbackMessage } from '@web/shared/components/Feedback';
import { Page } from '@web/shared/components/Page';
import { useApiQuery, useInvalidate } from '@web/shared/query/useApiQuery';
import { queryKeys } from '@web/shared/query/query-keys';
import { useAuth } from '@web/modules/auth/AuthProvider';
import { proposalsApi } from '../api/proposals.api';
import { formatDay } from '../proposal-format';
import { MailOptIn } from './MailOptIn';
import { Answers, ProposalBadges, Provenance } from './ProposalBits';
import '../proposals.css';

/** `/proposals/:id`: the proposal, where it came from, the answer and what was done since. */
export function ProposalPage({ id }: { id: string }) {
  const { t } = useI18n();
  const proposal = useApiQuery<ProposalDetail>(queryKeys.proposals.one(id), (signal) =>
    proposalsApi.get(id, signal),
  );
  if (proposal.isPending)
    return (
      <Page title={t('proposals.title')}>
        <Loading />
      </Page>
    );
  if (proposal.isError)
    return (
      <Page title={t('proposals.title')}>
        <LoadError error={proposal.error} onRetry={() => void proposal.refetch()} />
        <Link href="/proposals">{t('common.backToList')}</Link>
      </Page>
    );
  return <ProposalView proposal={proposal.data} />;
}

export function ProposalText({ proposal }: { proposal: ProposalDetail }) {
  const { t, locale } = useI18n();
  return (
    <>
      <p>
        <ProposalBadges proposal={proposal} />
      </p>
      <dl className="facts">
        <dt>{t('proposals.territory')}</dt>
        <dd>{proposal.territoryName}</dd>
        <dt>{t('proposals.campaign')}</dt>
        <dd>{proposal.campaignTitle}</dd>
        {proposal.themes.length > 0 && (
          <>
            <dt>{t('proposals.themes')}</dt>
            <dd>{proposal.themes.join(', ')}</dd>
          </>
        )}
        {proposal.publishedAt && (
          <>
            <dt>{t('proposals.publishedOn')}</dt>
            <dd>{formatDay(proposal.publishedAt, locale)}</dd>
          </>
        )}
        {proposal.answerDueAt && (
          <>
            <dt>{t('proposals.answerDue')}</dt>
            <dd>{formatDay(proposal.answerDueAt, locale)}</dd>
          </>
        )}
      </dl>
      <h2>{t('proposals.need')}</h2>
      <p className="pre-line">{proposal.need}</p>
      <h2>{t('proposals.action')}</h2>
      <p className="pre-line">{proposal.action}</p>
    </>
  );
}

function ProposalView({ proposal }: { proposal: ProposalDetail }) {
  const { t } = useI18n();
  const { session, csrfHeaders } = useAuth();
  const invalidate = useInvalidate();
  const [message, setMessage] = useState<FeedbackMessage | null>(null);
  // Updated in place after supporting: reloading the page would drop the confirmation.
  const [supports, setSupports] = useState({
    count: proposal.supportsCount,
    mine: proposal.supportedByMe,
  });
  const failed = (error: ApiError) => setMessage({ kind: 'error', text: errorReason(error, t) });
  const supportWrite = useMutation({
    mutationFn: () => proposalsApi.support(proposal.id, session ? csrfHeaders() : null),
    onMutate: () => setMessage(null),
    onSuccess: (result) => {
      setMessage({
        kind: 'success',
        text: result.created ? t('proposals.support.done') : t('proposals.support.already'),
      });
      setSupports({ count: result.supportsCount, mine: true });
      // The lists show the count too; this page keeps its own.
      void invalidate(queryKeys.proposals.all);
    },
    onError: failed,
  });
  const followWrite = useMutation({
    mutationFn: () => proposalsApi.follow(proposal.id, session ? csrfHeaders() : null),
    onMutate: () => setMessage(null),
    onSuccess: () => {
      setMessage({ kind: 'success', text: t('proposals.follow.done') });
      void invalidate(queryKeys.proposals.notifications);
    },
    onError: failed,
  });
  const support = () => supportWrite.mutate();
  const follow = () => followWrite.mutate();
  const busy = supportWrite.isPending;
  return (
    <Page title={proposal.title}>
      <ProposalText proposal={proposal} />
      <Provenance proposal={proposal} />
      <Answers proposal={proposal} />
      <section aria-labelledby="support-heading">
        <h2 id="support-heading">{t('proposals.support.title')}</h2>
        <p>{t('proposals.supports', { count: supports.count })}</p>
        {supports.mine ? (
          <p>{t('proposals.support.already')}</p>
        ) : (
          <button type="button" className="button" disabled={busy} onClick={support}>
            {t('proposals.support.button')}
          </button>
        )}
        {!supports.mine && (
          <button type="button" className="link-button" onClick={follow}>
            {t('proposals.follow.button')}
          </button>
        )}
        <p className="muted">{t('proposals.support.how')}</p>
        <Feedback message={message} />
      </section>
      <MailOptIn proposalId={proposal.id} />
      <Comments proposalId={proposal.id} />
      <p>
        <Link href="/proposals">{t('common.backToList')}</Link>
      </p>
    </Page>
  );
}

function Comments({ proposalId }: { proposalId: string }) {
  const { t, locale } = useI18n();
  const { session, csrfHeaders } = useAuth();
  const comments = useApiQuery<ProposalCommentView[]>(
    queryKeys.proposals.comments(proposalId),
    (signal) => proposalsApi.comments(proposalId, signal),
  );
  const invalidate = useInvalidate();
  const [text, setText] = useState('');
  const [message, setMessage] = useState<FeedbackMessage | null>(null);
  const headers = () => (session ? csrfHeaders() : null);
  const failed = (error: ApiError) => setMessage({ kind: 'error', text: errorReason(error, t) });
  const post = useMutation({
    mutationFn: (body: string) => proposalsApi.comment(proposalId, body, headers()),
    onMutate: () => setMessage(null),
    onSuccess: () => {
      setText('');
      setMessage({ kind: 'success', text: t('proposals.comments.posted') });
      return invalidate(queryKeys.proposals.comments(proposalId));
    },
    onError: failed,
  });
  const reportWrite = useMutation({
    mutationFn: (commentId: string) => proposalsApi.report(proposalId, commentId, headers()),
    onSuccess: () => setMessage({ kind: 'success', text: t('proposals.comments.reported') }),
    onError: failed,
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    post.mutate(text);
  };
  const report = (commentId: string) => reportWrite.mutate(commentId);
  return (
    <section aria-labelledby="comments-heading">
      <h2 id="comments-heading">{t('proposals.comments.title')}</h2>
      {comments.isPending && <Loading />}
      {comments.isError && (
        <LoadError error={comments.error} onRetry={() => void comments.refetch()} />
      )}
      {comments.isSuccess && (
        <ul className="comments">
          {comments.data.length === 0 && <li>{t('proposals.comments.none')}</li>}
          {comments.data.map((comment) => (
            <li key={comment.id}>
              <p>{comment.text}</p>
              <p className="muted">
                {comment.authorLabel}, {formatDay(comment.at, locale)}{' '}
                <button type="button" className="link-button" onClick={() => report(comment.id)}>
                  {t('proposals.comments.report')}
                </button>
              </p>
            </li>
          ))}
        </ul>
      )}
      <form className="stack-form" onSubmit={submit}>
        <label htmlFor="comment-text">{t('proposals.comments.label')}</label>
        <textarea
          id="comment-text"
          value={text}
          maxLength={1000}
          required
          onChange={(event) => setText(event.target.value)}
        />
        <button type="submit" className="button" disabled={text.trim() === ''}>
          {t('proposals.comments.submit')}
        </button>
      </form>
      <Feedback message={message} />
    </section>
  );
}
