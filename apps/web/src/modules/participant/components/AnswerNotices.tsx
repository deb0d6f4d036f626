import { Link } from 'wouter';
import { useI18n } from '@web/i18n/i18n';
import { stateLabel } from '@web/modules/proposals/proposal-format';
import { useAnswerNotices } from '../hooks/useAnswerNotices';

/**
 * On the phone's workshop page: a small notice when a proposal the participant supports or
 * follows, or one built from this workshop, gets an answer. Nothing when there is nothing.
 */
export function AnswerNotices({
  token,
  participantId,
  online,
}: {
  token: string;
  participantId: string;
  online: boolean;
}) {
  const { t } = useI18n();
  const { notices, dismiss } = useAnswerNotices(token, participantId, online);
  if (notices.length === 0) return null;
  return (
    <section aria-labelledby="answer-notices-heading" className="notice answer-notices">
      <h2 id="answer-notices-heading">{t('answerNotices.title')}</h2>
      <ul>
        {notices.slice(0, 3).map((note) => (
          <li key={note.proposalId}>
            <Link href={`/proposals/${note.proposalId}`}>{note.title}</Link>{' '}
            <span className="muted">
              ({t(note.fromWorkshop ? 'answerNotices.fromWorkshop' : 'answerNotices.supported')})
            </span>
            <br />
            {t('answerNotices.answered', { state: stateLabel(note.detail, t) })}
          </li>
        ))}
      </ul>
      {notices.length > 3 && (
        <p>
          <Link href="/proposals">{t('answerNotices.more')}</Link>
        </p>
      )}
      <button type="button" className="button" onClick={dismiss}>
        {t('answerNotices.dismiss')}
      </button>
    </section>
  );
}
