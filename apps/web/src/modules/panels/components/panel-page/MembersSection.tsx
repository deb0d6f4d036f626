import type { PanelMemberResponse, PanelResponse } from '@permanente/contracts';
import { FormEvent, useState } from 'react';
import { useI18n } from '@web/i18n/i18n';
import { Feedback } from '@web/shared/components/Feedback';
import { panelsApi } from '@web/modules/panels/api/panels.api';
import { useWrite } from '@web/modules/panels/hooks/useWrite';
import type { Refresh } from '@web/modules/panels/hooks/useWrite';
import { isRunning, JobProgress, useElapsedSeconds, usePollWhile } from './DrawSection';

export function MembersSection({ panel, refresh }: { panel: PanelResponse; refresh: Refresh }) {
  const { t } = useI18n();
  const write = useWrite();
  const [links, setLinks] = useState<Record<string, string>>({});
  const [seed, setSeed] = useState('');
  const elapsed = useElapsedSeconds(write.busy);
  const declined = panel.members.filter((m) => m.category === 'drawn' && m.status === 'declined');
  const replaced = panel.draws.filter((d) => d.kind === 'replacement' && !d.cancelledAt);
  const toReplace = declined.length - replaced.reduce((n, d) => n + d.drawn.length, 0);
  /** A replacement draw is a job on the server, like the initial draw. */
  const job = panel.drawJob?.kind === 'replacement' ? panel.drawJob : null;
  const running = isRunning(job);
  usePollWhile(running, refresh);
  /** The job this page started: its end is announced here. */
  const [watched, setWatched] = useState<string | null>(null);
  const finished = !running && job !== null && job.id === watched ? job : null;

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
    const ok = await write.run(async (headers) => {
      const started = await panelsApi.replace(panel.id, seed.trim(), headers);
      setWatched(started.id);
    });
    if (ok) await refresh();
  };
  const cancelJob = async () => {
    if (!job) return;
    const ok = await write.run((headers) => panelsApi.cancelDrawJob(panel.id, job.id, headers));
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
      {running && (
        <button type="button" className="button-danger" onClick={() => void cancelJob()}>
          {t('panels.draw.cancelJob')}
        </button>
      )}
      {toReplace > 0 && !running && (
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
        {running && job && <JobProgress job={job} />}
        {write.busy && seed && !running && (
          <p className="notice">{t('panels.draw.pending', { seconds: elapsed })}</p>
        )}
        {finished?.status === 'done' && <p className="notice">{t('panels.members.replaced')}</p>}
        {finished?.status === 'cancelled' && <p>{t('panels.draw.jobCancelled')}</p>}
      </div>
      {!running && job?.status === 'failed' && job.error && (
        <p className="field-error" role="alert">
          {t('panels.draw.jobFailed', { code: job.error.code, reason: job.error.message })}
        </p>
      )}
      <Feedback message={write.message} />
    </section>
  );
}
