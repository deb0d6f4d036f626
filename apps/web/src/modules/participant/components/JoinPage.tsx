import {
  joinCodeProblem,
  JOIN_CODE_LENGTH,
  normaliseJoinCode,
  type JoinCodeProblem,
} from '@permanente/contracts';
import { FormEvent, useState } from 'react';
import { Link, useLocation } from 'wouter';
import { useI18n } from '@web/i18n/i18n';
import type { MessageKey, TranslateParams } from '@web/i18n/i18n-types';
import { useParticipantChrome } from '../hooks/participant-chrome';
import { ApiError } from '@web/shared/api/http';
import { Page } from '@web/shared/components/Page';
import { participantApi } from '../api/participant.api';
import { readParticipation, saveParticipation } from '../api/participation.storage';

const JOIN_ERRORS: Record<number, MessageKey> = {
  0: 'common.networkRetry',
  400: 'join.error.badCode',
  403: 'join.error.locked',
  404: 'join.error.notFound',
  409: 'join.error.closed',
  429: 'join.error.tooMany',
};

type Problem = { field: 'code' | null; key: MessageKey; params?: TranslateParams };

/** Which character of the code is wrong, in words ("Le 6e caractère, « ! », ..."). */
export function codeProblemMessage(problem: JoinCodeProblem): Problem {
  switch (problem.reason) {
    case 'empty':
      return { field: 'code', key: 'join.problem.empty' };
    case 'character':
      return {
        field: 'code',
        key: /[\p{L}\p{N}]/u.test(problem.character)
          ? 'join.problem.accent'
          : 'join.problem.symbol',
        params: { position: problem.position, character: problem.character },
      };
    case 'length':
      return problem.length < JOIN_CODE_LENGTH
        ? {
            field: 'code',
            key: 'join.problem.short',
            params: { missing: JOIN_CODE_LENGTH - problem.length },
          }
        : {
            field: 'code',
            key: 'join.problem.long',
            params: { extra: problem.length - JOIN_CODE_LENGTH },
          };
  }
}

/**
 * The participant's entry point: the code shown in the room (or carried by the QR code's
 * /join/:code address), an optional name, and the phone keeps the credential it gets back.
 */
export function JoinPage({ initialCode }: { initialCode?: string }) {
  const { t } = useI18n();
  const [, navigate] = useLocation();
  const [code, setCode] = useState(() => (initialCode ? normaliseJoinCode(initialCode) : ''));
  const [displayName, setDisplayName] = useState('');
  const [problem, setProblem] = useState<Problem | null>(null);
  const [busy, setBusy] = useState(false);
  const [current] = useState(readParticipation);
  useParticipantChrome({});

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    // Look-alikes are read as the code's characters (O as 0, I and L as 1), as the API does.
    const normalised = normaliseJoinCode(code);
    const codeProblem = joinCodeProblem(normalised);
    if (codeProblem) {
      setProblem(codeProblemMessage(codeProblem));
      return;
    }
    setProblem(null);
    setBusy(true);
    try {
      const joined = await participantApi.join({
        code: normalised,
        displayName: displayName.trim() || undefined,
      });
      saveParticipation({
        token: joined.token,
        participantId: joined.participant.id,
        workshopId: joined.workshop.id,
        workshopTitle: joined.workshop.title,
      });
      navigate(`/w/${joined.workshop.id}`);
    } catch (error) {
      const status = error instanceof ApiError ? error.status : 0;
      setProblem({
        field: status === 400 || status === 404 ? 'code' : null,
        key: JOIN_ERRORS[status] ?? 'join.error.other',
      });
      setBusy(false);
    }
  };

  const codeInvalid = problem?.field === 'code';
  return (
    <Page title={t('join.title')} intro={t('join.intro')}>
      {current && (
        <p className="notice">
          {t('join.resume', { title: current.workshopTitle })}{' '}
          <Link href={`/w/${current.workshopId}`}>{t('join.resumeLink')}</Link>
        </p>
      )}
      <form className="stack-form join-form" onSubmit={submit} noValidate>
        <label htmlFor="join-code">{t('join.codeLabel')}</label>
        <p id="join-code-hint" className="muted">
          {t('join.codeHint')}
        </p>
        <input
          id="join-code"
          name="code"
          className="code-input"
          value={code}
          onChange={(event) => setCode(event.target.value)}
          autoComplete="off"
          autoCapitalize="characters"
          spellCheck={false}
          inputMode="text"
          maxLength={12}
          aria-describedby={problem ? 'join-code-hint join-error' : 'join-code-hint'}
          aria-invalid={codeInvalid ? true : undefined}
        />
        <label htmlFor="join-name">{t('join.nameLabel')}</label>
        <p id="join-name-hint" className="muted">
          {t('join.nameHint')}
        </p>
        <input
          id="join-name"
          name="displayName"
          value={displayName}
          onChange={(event) => setDisplayName(event.target.value)}
          autoComplete="nickname"
          maxLength={40}
          aria-describedby="join-name-hint"
        />
        <button type="submit">{t('join.submit')}</button>
        <div id="join-error" role="alert">
          {problem && <p className="field-error">{t(problem.key, problem.params)}</p>}
        </div>
        <div role="status">{busy && <p className="muted">{t('join.joining')}</p>}</div>
      </form>
    </Page>
  );
}
