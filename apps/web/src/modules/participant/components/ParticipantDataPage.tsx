import type { ParticipantSelfResponse } from '@permanente/contracts';
import { useState } from 'react';
import { Link } from 'wouter';
import { useI18n } from '@web/i18n/i18n';
import { Page } from '@web/shared/components/Page';
import { forgetParticipation, StoredParticipation } from '../api/participation.storage';
import { forgetKeptSpace, useParticipantSpace } from '../hooks/useParticipantSpace';
import { IndexedDbBoardStore } from '@web/modules/live/board-store';
import { DisplayNameForm } from './DisplayNameForm';
import { EraseAction, ExportAction, LeaveAction } from './MyDataActions';
import { useParticipantChrome } from '../hooks/participant-chrome';
import {
  NoParticipation,
  SpaceStatus,
  useDateFormat,
  useStoredParticipation,
} from './ParticipantWorkshopPage';
import { ProfileForm } from './ProfileForm';

/** `/w/:id/data`: "my data": name, profile answers, export, erasure, leaving this phone. */
export function ParticipantDataPage({ workshopId }: { workshopId: string }) {
  const [participation, setParticipation] = useStoredParticipation(workshopId);
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
  return <MyData participation={participation} onLeave={leave} />;
}

function MyData({
  participation,
  onLeave,
}: {
  participation: StoredParticipation;
  onLeave(): void;
}) {
  const { t } = useI18n();
  const { token, workshopId, workshopTitle } = participation;
  const space = useParticipantSpace(workshopId, token);
  // Answers of the writes made on this page, newer than the loaded participant.
  const [updated, setUpdated] = useState<ParticipantSelfResponse | null>(null);
  useParticipantChrome({
    workshopId,
    workshopTitle: space.status === 'ready' ? space.data.workshop.title : workshopTitle,
  });
  if (space.status !== 'ready') return <SpaceStatus space={space} title={t('myData.title')} />;
  const participant = updated ?? space.data.participant;
  return (
    <Page title={t('myData.title')} intro={t('myData.intro')}>
      <p>
        <Link href={`/w/${workshopId}`}>{t('myData.back')}</Link>
      </p>
      <div className="my-data">
        <ParticipantSummary participant={participant} />
        {/* After an erasure the forms start again from the erased values. */}
        <div key={participant.erasedAt ?? 'kept'}>
          <h2>{t('myData.name.title')}</h2>
          <DisplayNameForm token={token} participant={participant} onSaved={setUpdated} />
          <h2 id="profile">{t('myData.profile.title')}</h2>
          <p className="muted">{t('myData.profile.intro')}</p>
          <ProfileForm token={token} participant={participant} onSaved={setUpdated} />
        </div>
        <h2>{t('myData.export.title')}</h2>
        <ExportAction token={token} />
        <h2>{t('myData.erase.title')}</h2>
        <EraseAction token={token} onErased={setUpdated} />
        <h2>{t('myData.leave.title')}</h2>
        <LeaveAction onLeave={onLeave} />
      </div>
    </Page>
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
