import type { ParticipantSelfResponse } from '@permanente/contracts';
import { useState } from 'react';
import { Link } from 'wouter';
import { useI18n } from '@web/i18n/i18n';

const dismissedKey = (workshopId: string) => `permanente.profileInvite.${workshopId}`;

function wasDismissed(workshopId: string): boolean {
  try {
    return window.localStorage.getItem(dismissedKey(workshopId)) === 'dismissed';
  } catch {
    return false;
  }
}

/**
 * After joining: one line inviting to the optional profile (on "my data", a chunk of its
 * own), until answered or declined. Never in the way: taking part needs no answer.
 */
export function ProfileInvite({
  workshopId,
  participant,
}: {
  workshopId: string;
  participant: ParticipantSelfResponse;
}) {
  const { t } = useI18n();
  const [dismissed, setDismissed] = useState(() => wasDismissed(workshopId));
  if (dismissed || participant.erasedAt || Object.keys(participant.profile).length > 0) return null;
  const dismiss = () => {
    try {
      window.localStorage.setItem(dismissedKey(workshopId), 'dismissed');
    } catch {
      // Private browsing: declined for this visit only.
    }
    setDismissed(true);
  };
  return (
    <aside className="profile-invite" aria-label={t('myData.profile.title')}>
      <p>{t('profile.invite')}</p>
      <p>
        <Link href={`/w/${workshopId}/data#profile`}>{t('profile.invite.answer')}</Link>{' '}
        <button type="button" className="link-button" onClick={dismiss}>
          {t('profile.invite.dismiss')}
        </button>
      </p>
    </aside>
  );
}
