import { IDEA_MAX_LENGTH } from '@permanente/contracts';
import { newClientId, type LiveState } from '@permanente/live-client';
import { FormEvent, useState } from 'react';
import { useI18n } from '@web/i18n/i18n';
import { Feedback } from '@web/shared/components/Feedback';
import {
  draftOf,
  ProfileFields,
  profileOf,
} from '@web/modules/participant/components/ProfileFields';
import { facilitatorApi } from '../api/facilitator.api';
import { useAction } from './useAction';

/** An idea written on paper in the room, typed in by the facilitator. */
export function PaperIdeaForm({ workshopId, state }: { workshopId: string; state: LiveState }) {
  const { t } = useI18n();
  const action = useAction();
  const boards = state.activities.filter((activity) => activity.kind === 'idea_board');
  const [activityId, setActivityId] = useState('');
  const [text, setText] = useState('');
  const [writer, setWriter] = useState(draftOf);
  const [writerConsent, setWriterConsent] = useState(false);
  const [consentMissing, setConsentMissing] = useState(false);
  const chosen = boards.find((board) => board.id === activityId) ?? boards[boards.length - 1];
  if (!chosen) return null;
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!text.trim()) {
      action.setMessage({ kind: 'error', text: t('live.idea.empty') });
      return;
    }
    // The writer's optional answers from the sheet, kept only if the sheet carries consent.
    const profile = profileOf(writer);
    const withWriter = Object.keys(profile).length > 0;
    setConsentMissing(withWriter && !writerConsent);
    if (withWriter && !writerConsent) {
      action.setMessage({ kind: 'error', text: t('console.paper.writerConsentNeeded') });
      return;
    }
    const done = await action.run((headers) =>
      facilitatorApi.paperIdea(
        workshopId,
        {
          clientId: newClientId(),
          activityId: chosen.id,
          text: text.trim(),
          ...(withWriter ? { writer: profile, writerConsent: true } : {}),
        },
        headers,
      ),
    );
    if (done) {
      setText('');
      setWriter(draftOf());
      setWriterConsent(false);
      action.setMessage({ kind: 'success', text: t('console.paper.done') });
    }
  };
  return (
    <section aria-labelledby="paper-heading">
      <h2 id="paper-heading">{t('console.paper.title')}</h2>
      <form className="stack-form" onSubmit={submit} noValidate>
        <label htmlFor="paper-activity">{t('console.paper.activity')}</label>
        <select
          id="paper-activity"
          value={chosen.id}
          onChange={(event) => setActivityId(event.target.value)}
        >
          {boards.map((board) => (
            <option key={board.id} value={board.id}>
              {board.prompt}
            </option>
          ))}
        </select>
        <label htmlFor="paper-text">{t('console.paper.text')}</label>
        <textarea
          id="paper-text"
          value={text}
          onChange={(event) => setText(event.target.value)}
          maxLength={IDEA_MAX_LENGTH}
          rows={3}
        />
        <details className="paper-writer">
          <summary>{t('console.paper.writer')}</summary>
          <p className="muted">{t('console.paper.writerIntro')}</p>
          <ProfileFields
            draft={writer}
            onChange={setWriter}
            consent={writerConsent}
            onConsent={setWriterConsent}
            consentLabel={t('console.paper.writerConsent')}
            consentInvalid={consentMissing}
          />
        </details>
        <button type="submit" disabled={action.busy}>
          {t('console.paper.submit')}
        </button>
        <Feedback message={action.message} />
      </form>
    </section>
  );
}
