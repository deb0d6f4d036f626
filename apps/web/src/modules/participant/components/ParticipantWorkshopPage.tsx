import type { ParticipantSelfResponse, WorkshopParticipantView } from '@permanente/contracts';
import { useState } from 'react';
import { Link } from 'wouter';
import { useI18n } from '../../../i18n/i18n';
import type { MessageKey } from '../../../i18n/i18n-types';
import { LoadError, Loading } from '../../../shared/components/ApiStatus';
import { Page } from '../../../shared/components/Page';
import {
  forgetParticipation,
  readParticipation,
  StoredParticipation,
} from '../api/participation.storage';
import { forgetKeptSpace, useParticipantSpace } from '../hooks/useParticipantSpace';
import { IndexedDbBoardStore } from '../../live/board-store';
import { ParticipantLive } from '../../live/components/ParticipantLive';
import { useParticipantLive } from '../../live/useLive';
import { AnswerNotices } from './AnswerNotices';
import { DisplayNameForm } from './DisplayNameForm';
import { EraseAction, ExportAction, LeaveAction } from './MyDataActions';
import { ProfileForm } from './ProfileForm';

/** The participant's page of one workshop, reached with the credential kept on the phone. */
export function ParticipantWorkshopPage({ workshopId }: { workshopId: string }) {
  const [participation, setParticipation] = useState(() => {
    const stored = readParticipation();
    return stored?.workshopId === workshopId ? stored : null;
  });
  const [left, setLeft] = useState(false);
  if (!participation) return <NoParticipation left={left} />;
  const leave = () => {
    forgetParticipation();
    // What the phone kept for offline use goes too.
    forgetKeptSpace(workshopId);
    void IndexedDbBoardStore.orMemory()
      .forget(workshopId)
      .catch(() => undefined);
    setParticipation(null);
    setLeft(true);
  };
  return <ParticipantSpace participation={participation} onLeave={leave} />;
}

function NoParticipation({ left }: { left: boolean }) {
  const { t } = useI18n();
  return (
    <Page title={t(left ? 'participation.left.title' : 'participation.missing.title')}>
      <p>{t(left ? 'participation.left.text' : 'participation.missing.text')}</p>
      <p>
        <Link href="/join">{t('participation.joinLink')}</Link>
      </p>
    </Page>
  );
}

function ParticipantSpace({
  participation,
  onLeave,
}: {
  participation: StoredParticipation;
  onLeave(): void;
}) {
  const { t } = useI18n();
  const { token, workshopId, workshopTitle } = participation;
  const space = useParticipantSpace(workshopId, token);
  const live = useParticipantLive(workshopId, token);
  // Answers of the writes made on this page, newer than the loaded participant.
  const [updated, setUpdated] = useState<ParticipantSelfResponse | null>(null);

  if (space.status === 'loading') {
    return (
      <Page title={workshopTitle}>
        <Loading />
      </Page>
    );
  }
  if (space.status === 'error') {
    // The API no longer knows this credential (or this workshop): joining again fixes it.
    if ([401, 403, 404].includes(space.error.status)) {
      return (
        <Page title={t('participation.unknown.title')}>
          <p>{t('participation.unknown.text')}</p>
          <p>
            <Link href="/join">{t('participation.joinLink')}</Link>
          </p>
        </Page>
      );
    }
    return (
      <Page title={workshopTitle}>
        <LoadError error={space.error} onRetry={space.retry} />
      </Page>
    );
  }

  const { workshop } = space.data;
  const participant = updated ?? space.data.participant;
  return (
    <Page title={workshop.title}>
      <WorkshopFacts
        workshop={workshop}
        status={live.live.state?.workshop.status ?? workshop.status}
      />
      <ParticipantLive {...live} />
      <AnswerNotices
        token={token}
        participantId={participation.participantId}
        online={live.live.connection === 'online'}
      />
      <section aria-labelledby="my-data-heading" className="my-data">
        <h2 id="my-data-heading">{t('myData.title')}</h2>
        <p>{t('myData.intro')}</p>
        <ParticipantSummary participant={participant} />
        {/* After an erasure the forms start again from the erased values. */}
        <div key={participant.erasedAt ?? 'kept'}>
          <h3>{t('myData.name.title')}</h3>
          <DisplayNameForm token={token} participant={participant} onSaved={setUpdated} />
          <h3>{t('myData.profile.title')}</h3>
          <p className="muted">{t('myData.profile.intro')}</p>
          <ProfileForm token={token} participant={participant} onSaved={setUpdated} />
        </div>
        <h3>{t('myData.export.title')}</h3>
        <ExportAction token={token} />
        <h3>{t('myData.erase.title')}</h3>
        <EraseAction token={token} onErased={setUpdated} />
        <h3>{t('myData.leave.title')}</h3>
        <LeaveAction onLeave={onLeave} />
      </section>
    </Page>
  );
}

function useDateFormat() {
  const { locale } = useI18n();
  return (iso: string) =>
    new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeStyle: 'short' }).format(
      new Date(iso),
    );
}

function WorkshopFacts({
  workshop,
  status,
}: {
  workshop: WorkshopParticipantView;
  status: WorkshopParticipantView['status'];
}) {
  const { t } = useI18n();
  const formatDate = useDateFormat();
  return (
    <>
      {workshop.place && (
        <p className="intro">{t('participation.place', { place: workshop.place })}</p>
      )}
      {workshop.startsAt && (
        <p>{t('participation.startsAt', { date: formatDate(workshop.startsAt) })}</p>
      )}
      <p className="notice">
        <strong>{t(`participation.status.${status}` as MessageKey)}</strong>
      </p>
    </>
  );
}

function ParticipantSummary({ participant }: { participant: ParticipantSelfResponse }) {
  const { t } = useI18n();
  const formatDate = useDateFormat();
  return (
    <p>
      {participant.displayName
        ? t('participation.named', { name: participant.displayName })
        : t('participation.anonymous')}
      {participant.erasedAt && (
        <> {t('participation.erased', { date: formatDate(participant.erasedAt) })}</>
      )}
    </p>
  );
}
