import type { ProposalCommentView, ProposalDetail } from '@permanente/contracts';
import { useState, type FormEvent } from 'react';
import { Link } from 'wouter';
import { useI18n } from '@web/i18n/i18n';
import { LoadError, Loading } from '@web/shared/components/ApiStatus';
import { Feedback } from '@web/shared/components/Feedback';
import { Page } from '@web/shared/components/Page';
import { useApiQuery } from '@web/shared/query/useApiQuery';
import { queryKeys } from '@web/shared/query/query-keys';
import { useAuth } from '@web/modules/auth/AuthProvider';
import { useAction } from '@web/modules/facilitator/components/useAction';
import { proposalsApi } from '../api/proposals.api';
import { formatDay } from '../proposal-format';
import { AnswerForm } from './AnswerForm';
import { RequireRole } from '@web/modules/auth/components/RequireRole';
import { Answers, Provenance } from './ProposalBits';
import { ProposalText } from './ProposalPage';
import '../proposals.css';

/** `/officials/proposals/:id`: review a proposal, answer it, follow it up, moderate its discussion. */
export function OfficialProposalPage({ id }: { id: string }) {
  const { t } = useI18n();
  return (
    <RequireRole title={t('proposals.officials.review')}>
      <Review id={id} />
    </RequireRole>
  );
}

function Review({ id }: { id: string }) {
  const { t } = useI18n();
  const { session } = useAuth();
  const proposal = useApiQuery<ProposalDetail>(queryKeys.proposals.one(id), (signal) =>
    proposalsApi.get(id, signal),
  );
  const action = useAction();
  if (proposal.isPending)
    return (
      <Page title={t('proposals.officials.review')}>
        <Loading />
      </Page>
    );
  if (proposal.isError)
    return (
      <Page title={t('proposals.officials.review')}>
        <LoadError error={proposal.error} onRetry={() => void proposal.refetch()} />
      </Page>
    );
  const p = proposal.data;
  const roles = new Set(session?.user.roles ?? []);
  const official = roles.has('official');
  const organiser = roles.has('organiser');
  const facilitator = roles.has('facilitator') || organiser;
  const step = async (work: (headers: Record<string, string>) => Promise<unknown>) => {
    await action.run(work, queryKeys.proposals.all);
  };
  return (
    <Page title={p.title}>
      <p className="button-row">
        <Link href="/officials">{t('proposals.officials.backToQueue')}</Link>
        {p.status !== 'draft' && (
          <Link href={`/proposals/${p.id}`}>{t('proposals.officials.publicPage')}</Link>
        )}
      </p>
      <ProposalText proposal={p} />
      <Provenance proposal={p} />
      <div className="button-row">
        {p.status === 'draft' && facilitator && (
          <button
            type="button"
            className="button"
            disabled={action.busy}
            onClick={() => step((headers) => proposalsApi.publish(p.id, headers))}
          >
            {t('proposals.officials.publish')}
          </button>
        )}
        {p.status === 'published' && (official || organiser) && (
          <button
            type="button"
            className="button"
            disabled={action.busy}
            onClick={() => step((headers) => proposalsApi.review(p.id, headers))}
          >
            {t('proposals.officials.startReview')}
          </button>
        )}
      </div>
      <Feedback message={action.message} />
      <Answers proposal={p} />
      {official && p.status !== 'draft' && (
        <section aria-labelledby="answer-form-heading">
          <h2 id="answer-form-heading">
            {p.answers.length > 0 ? t('proposals.answer.newVersion') : t('proposals.answer.give')}
          </h2>
          <AnswerForm
            // A new answer starts the next edit from it.
            key={p.answers[0]?.version ?? 'none'}
            proposalId={p.id}
            states={p.answerStates}
            current={p.answers[0] ?? null}
            idPrefix="review"
          />
        </section>
      )}
      {(official || organiser) && p.status === 'answered' && <FollowUpForm proposalId={p.id} />}
      <SupportsOverTime proposal={p} />
      <Moderation proposalId={p.id} />
    </Page>
  );
}

function FollowUpForm({ proposalId }: { proposalId: string }) {
  const { t } = useI18n();
  const { busy, message, run } = useAction();
  const [progress, setProgress] = useState(0);
  const [text, setText] = useState('');
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const work = (headers: Record<string, string>) =>
      proposalsApi.followUp(proposalId, { progress, text }, headers);
    if (await run(work, queryKeys.proposals.all)) setText('');
  };
  return (
    <section aria-labelledby="follow-up-heading">
      <h2 id="follow-up-heading">{t('proposals.followUps.add')}</h2>
      <form className="stack-form" onSubmit={submit}>
        <label htmlFor="follow-up-progress">{t('proposals.followUps.progress')}</label>
        <input
          id="follow-up-progress"
          type="number"
          min={0}
          max={100}
          value={progress}
          onChange={(event) => setProgress(Number(event.target.value))}
        />
        <label htmlFor="follow-up-text">{t('proposals.followUps.text')}</label>
        <textarea
          id="follow-up-text"
          value={text}
          maxLength={2000}
          required
          onChange={(event) => setText(event.target.value)}
        />
        <button type="submit" className="button" disabled={busy || text.trim() === ''}>
          {t('proposals.followUps.submit')}
        </button>
        <Feedback message={message} />
      </form>
    </section>
  );
}

function SupportsOverTime({ proposal }: { proposal: ProposalDetail }) {
  const { t, locale } = useI18n();
  return (
    <section aria-labelledby="supports-heading">
      <h2 id="supports-heading">
        {t('proposals.supportsOverTime', { count: proposal.supportsCount })}
      </h2>
      {proposal.supportsOverTime.length > 0 && (
        <table className="synthesis-table">
          <thead>
            <tr>
              <th scope="col">{t('proposals.day')}</th>
              <th scope="col">{t('proposals.supportsColumn')}</th>
            </tr>
          </thead>
          <tbody>
            {proposal.supportsOverTime.slice(-14).map((row) => (
              <tr key={row.day}>
                <th scope="row">{formatDay(`${row.day}T12:00:00Z`, locale)}</th>
                <td>{row.count}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function Moderation({ proposalId }: { proposalId: string }) {
  const { t, locale } = useI18n();
  const comments = useApiQuery<ProposalCommentView[]>(
    queryKeys.proposals.comments(proposalId),
    (signal) => proposalsApi.comments(proposalId, signal),
  );
  const { busy, message, run } = useAction();
  const moderate = async (commentId: string, hide: boolean) => {
    await run(
      (headers) => proposalsApi.moderate(proposalId, commentId, hide, headers),
      queryKeys.proposals.comments(proposalId),
    );
  };
  return (
    <section aria-labelledby="moderation-heading">
      <h2 id="moderation-heading">{t('proposals.comments.title')}</h2>
      {comments.isPending && <Loading />}
      {comments.isError && (
        <LoadError error={comments.error} onRetry={() => void comments.refetch()} />
      )}
      {comments.isSuccess && (
        <ul className="comments">
          {comments.data.length === 0 && <li>{t('proposals.comments.none')}</li>}
          {comments.data.map((comment) => (
            <li key={comment.id} className={comment.hidden ? 'comment-hidden' : undefined}>
              <p>{comment.text}</p>
              <p className="muted">
                {comment.authorLabel}, {formatDay(comment.at, locale)}
                {comment.reports
                  ? ` · ${t('proposals.comments.reports', { count: comment.reports })}`
                  : ''}
                {comment.hidden ? ` · ${t('proposals.comments.hidden')}` : ''}{' '}
                <button
                  type="button"
                  className="link-button"
                  disabled={busy}
                  onClick={() => moderate(comment.id, !comment.hidden)}
                >
                  {comment.hidden ? t('proposals.comments.restore') : t('proposals.comments.hide')}
                </button>
              </p>
            </li>
          ))}
        </ul>
      )}
      <Feedback message={message} />
    </section>
  );
}
