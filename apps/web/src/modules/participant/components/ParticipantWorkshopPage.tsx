import type { WorkshopParticipantView } from '@permanente/contracts';
import { useState } from 'react';
import { Link } from 'wouter';
import { useI18n } from '@web/i18n/i18n';
import { LoadError, Loading } from '@web/shared/components/ApiStatus';
import { Page } from '@web/shared/components/Page';
import { readParticipation, StoredParticipation } from '../api/participation.storage';
import { useParticipantSpace } from '../hooks/useParticipantSpace';
import { ParticipantLive } from '@web/modules/live/components/ParticipantLive';
import { useParticipantLive } from '@web/modules/live/useLive';
import { AnswerNotices } from './AnswerNotices';
import { ProfileInvite } from './ProfileInvite';
import { useParticipantChrome } from '../hooks/participant-chrome';

/** The credential kept on the phone for this workshop, if any. */
export function useStoredParticipation(workshopId: string) {
  return useState(() => {
    const stored = readParticipation();
    return stored?.workshopId === workshopId ? stored : null;
  });
}

/**
 * The participant's page of one workshop, reached with the credential kept on the phone: the
 * current activity first, then the workshop's facts and the officials' answers. "My data" is
 * its own page (ParticipantDataPage), linked from the header.
 */
export function ParticipantWorkshopPage({ workshopId }: { workshopId: string }) {
  const [participation] = useStoredParticipation(workshopId);
  if (!participation) return <NoParticipation left={false} />;
  return <WorkshopSpace participation={participation} />;
}

export function NoParticipation({ left }: { left: boolean }) {
  const { t } = useI18n();
  useParticipantChrome({});
  return (
    <Page title={t(left ? 'participation.left.title' : 'participation.missing.title')}>
      <p>{t(left ? 'participation.left.text' : 'participation.missing.text')}</p>
      <p>
        <Link href="/join">{t('participation.joinLink')}</Link>
      </p>
    </Page>
  );
}

/** Loading, or the reason the participant's space cannot be shown; null once it is loaded. */
export function SpaceStatus({
  space,
  title,
}: {
  space: ReturnType<typeof useParticipantSpace>;
  title: string;
}) {
  const { t } = useI18n();
  if (space.status === 'loading') {
    return (
      <Page title={title}>
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
      <Page title={title}>
        <LoadError error={space.error} onRetry={space.retry} />
      </Page>
    );
  }
  return null;
}

function WorkshopSpace({ participation }: { participation: StoredParticipation }) {
  const { token, workshopId, workshopTitle } = participation;
  const space = useParticipantSpace(workshopId, token);
  const live = useParticipantLive(workshopId, token);
  const title = space.status === 'ready' ? space.data.workshop.title : workshopTitle;
  useParticipantChrome({
    workshopId,
    workshopTitle: live.live.state?.workshop.title ?? title,
    connection: live.live.connection,
    waiting: live.box.pending.length,
  });

  if (space.status !== 'ready') return <SpaceStatus space={space} title={workshopTitle} />;
  const { workshop } = space.data;
  return (
    // The header shows the workshop's name: the heading is for screen readers, so that the
    // current activity's question starts the screen.
    <Page title={workshop.title} hiddenTitle>
      <ParticipantLive {...live} />
      <WorkshopFacts
        workshop={workshop}
        status={live.live.state?.workshop.status ?? workshop.status}
      />
      <ProfileInvite workshopId={workshopId} participant={space.data.participant} />
      <AnswerNotices
        token={token}
        participantId={participation.participantId}
        online={live.live.connection === 'online'}
      />
    </Page>
  );
}

export function useDateFormat() {
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
    <section className="workshop-facts" aria-label={t('participation.facts')}>
      <p className="notice">
        <strong>{t(`participation.status.${status}`)}</strong>
      </p>
      {workshop.place && <p>{t('participation.place', { place: workshop.place })}</p>}
      {workshop.startsAt && (
        <p>{t('participation.startsAt', { date: formatDate(workshop.startsAt) })}</p>
      )}
    </section>
  );
}
