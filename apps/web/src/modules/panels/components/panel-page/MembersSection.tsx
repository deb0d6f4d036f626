import type { PanelMemberResponse, PanelResponse } from '@permanente/contracts';
import { FormEvent, useState } from 'react';
import { useI18n } from '../../../../i18n/i18n';
import { Feedback } from '../../../../shared/components/Feedback';
import { panelsApi } from '../../api/panels.api';
import { useWrite } from '../../hooks/useWrite';
import type { Refresh } from '../../hooks/useWrite';
import { useElapsedSeconds } from './DrawSection';

export function MembersSection({ panel, refresh }: { panel: PanelResponse; refresh: Refresh }) {
  const { t } = useI18n();
  const write = useWrite();
  const [links, setLinks] = useState<Record<string, string>>({});
  const [seed, setSeed] = useState('');
  const elapsed = useElapsedSeconds(write.busy);
  const declined = panel.members.filter((m) => m.category === 'drawn' && m.status === 'declined');
  const replaced = panel.draws.filter((d) => d.kind === 'replacement' && !d.cancelledAt);
  const toReplace = declined.length - replaced.reduce((n, d) => n + d.drawn.length, 0);

  const status = async (member: PanelMemberResponse, next: 'accepted' | 'declined') => {
    const ok = await write.run((headers) =>
      panelsApi.memberStatus(panel.id, member.id, next, headers),
    );
    if (ok) await refresh();
  };
  const invite = async (member: PanelMemberResponse) => {
    await write.run(async (headers) => {
      const link = await panelsApi.invitation(panel.id, member.id, headers);
      setLinks((current) => ({ ...current, [member.id]: `${location.origin}${link.path}` }));
    });
  };
  const replace = async (event: FormEvent) => {
    event.preventDefault();
    const ok = await write.run(
      (headers) => panelsApi.replace(panel.id, seed.trim(), headers),
      t('panels.members.replaced'),
    );
    if (ok) await refresh();
  };

  return (
    <section aria-labelledby="members-heading">
      <h2 id="members-heading">{t('panels.members.title')}</h2>
      <ul className="cards">
        {panel.members.map((member) => (
          <li key={member.id}>
            <p>
              <strong>{member.name ?? member.volunteerPublicId}</strong>{' '}
              <span className="muted">
                {t(`panels.category.${member.category}`)}
                {member.volunteerPublicId ? ` · ${member.volunteerPublicId}` : ''}
                {member.appointedBy
                  ? ` · ${t('panels.members.appointedBy', { name: member.appointedBy })}`
                  : ''}
              </span>
            </p>
            <p>{t(`panels.status.${member.status}`)}</p>
            {member.status !== 'declined' && (
              <div className="button-row">
                {member.status === 'invited' && (
                  <button type="button" onClick={() => void status(member, 'accepted')}>
                    {t('panels.members.accept', { name: member.name ?? '' })}
                  </button>
                )}
                <button type="button" onClick={() => void status(member, 'declined')}>
                  {t('panels.members.decline', { name: member.name ?? '' })}
                </button>
                <button type="button" onClick={() => void invite(member)}>
                  {t('panels.members.link', { name: member.name ?? '' })}
                </button>
              </div>
            )}
            {links[member.id] && (
              <p>
                {t('panels.members.linkShown')} <code>{links[member.id]}</code>
              </p>
            )}
          </li>
        ))}
      </ul>
      {toReplace > 0 && (
        <form className="stack-form" onSubmit={replace}>
          <h3>{t('panels.members.replaceTitle', { count: toReplace })}</h3>
          <label htmlFor="replace-seed">{t('panels.draw.seed')}</label>
          <input
            id="replace-seed"
            value={seed}
            maxLength={200}
            onChange={(e) => setSeed(e.target.value)}
          />
          <button type="submit" disabled={write.busy || !seed.trim()}>
            {t('panels.members.replace')}
          </button>
        </form>
      )}
      <div role="status">
        {write.busy && seed && (
          <p className="notice">{t('panels.draw.pending', { seconds: elapsed })}</p>
        )}
      </div>
      <Feedback message={write.message} />
    </section>
  );
}
