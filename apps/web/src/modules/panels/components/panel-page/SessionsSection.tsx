import type { PanelResponse } from '@permanente/contracts';
import { FormEvent, useState } from 'react';
import { Link } from 'wouter';
import { useI18n } from '@web/i18n/i18n';
import { Feedback } from '@web/shared/components/Feedback';
import { panelsApi } from '@web/modules/panels/api/panels.api';
import { useWrite } from '@web/modules/panels/hooks/useWrite';
import type { Refresh } from '@web/modules/panels/hooks/useWrite';

export function SessionsSection({ panel, refresh }: { panel: PanelResponse; refresh: Refresh }) {
  const { t } = useI18n();
  const write = useWrite();
  const [title, setTitle] = useState('');
  const [place, setPlace] = useState('');
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const ok = await write.run(
      (headers) =>
        panelsApi.createSession(
          panel.id,
          { title: title.trim(), place: place.trim() || null },
          headers,
        ),
      t('panels.sessions.created'),
    );
    if (ok) {
      setTitle('');
      setPlace('');
      await refresh();
    }
  };
  return (
    <section aria-labelledby="sessions-heading">
      <h2 id="sessions-heading">{t('panels.sessions.title')}</h2>
      <p className="muted">{t('panels.sessions.help')}</p>
      {panel.sessions.length > 0 && (
        <ul className="cards">
          {panel.sessions.map((session) => (
            <li key={session.workshopId}>
              <Link href={`/facilitator/w/${session.workshopId}`}>{session.title}</Link>
              <p className="muted">
                {t(`workshop.status.${session.status}`)}
                {session.place ? ` · ${session.place}` : ''}
              </p>
            </li>
          ))}
        </ul>
      )}
      <form className="stack-form" onSubmit={submit}>
        <label htmlFor="session-title">{t('panels.sessions.name')}</label>
        <input
          id="session-title"
          value={title}
          maxLength={200}
          onChange={(e) => setTitle(e.target.value)}
        />
        <label htmlFor="session-place">{t('panels.sessions.place')}</label>
        <input
          id="session-place"
          value={place}
          maxLength={200}
          onChange={(e) => setPlace(e.target.value)}
        />
        <button type="submit" disabled={write.busy || !title.trim()}>
          {t('panels.sessions.submit')}
        </button>
      </form>
      <Feedback message={write.message} />
    </section>
  );
}
