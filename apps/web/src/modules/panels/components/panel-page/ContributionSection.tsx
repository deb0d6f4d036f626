import type { PanelContributionRequest, PanelResponse } from '@permanente/contracts';
import { FormEvent, useState } from 'react';
import { Link } from 'wouter';
import { useI18n } from '@web/i18n/i18n';
import { Feedback } from '@web/shared/components/Feedback';
import { panelsApi } from '@web/modules/panels/api/panels.api';
import { useWrite } from '@web/modules/panels/hooks/useWrite';

type ContributedProposal = PanelContributionRequest['proposals'][number];

/** The proposals the panel adopted, gathered here, then published together. */
export function ContributionSection({ panel }: { panel: PanelResponse }) {
  const { t } = useI18n();
  const write = useWrite();
  const [draft, setDraft] = useState<ContributedProposal>({ title: '', need: '', action: '' });
  const [list, setList] = useState<ContributedProposal[]>([]);
  const [published, setPublished] = useState<string[]>([]);
  const complete = draft.title.trim() && draft.need.trim() && draft.action.trim();
  const add = (event: FormEvent) => {
    event.preventDefault();
    if (!complete) return;
    setList([...list, draft]);
    setDraft({ title: '', need: '', action: '' });
  };
  const submit = async () => {
    let ids: string[] = [];
    const ok = await write.run(
      async (headers) => {
        ids = (await panelsApi.contribute(panel.id, { proposals: list }, headers)).proposalIds;
      },
      t('panels.contribution.done', { count: list.length }),
    );
    if (ok) {
      setPublished([...published, ...ids]);
      setList([]);
    }
  };
  const field = (name: keyof Omit<ContributedProposal, 'themes'>, multiline: boolean) => (
    <>
      <label htmlFor={`contribution-${name}`}>
        {t(name === 'title' ? 'panels.contribution.titleField' : `panels.contribution.${name}`)}
      </label>
      {multiline ? (
        <textarea
          id={`contribution-${name}`}
          value={draft[name]}
          rows={3}
          maxLength={4000}
          onChange={(e) => setDraft({ ...draft, [name]: e.target.value })}
        />
      ) : (
        <input
          id={`contribution-${name}`}
          value={draft[name]}
          maxLength={200}
          onChange={(e) => setDraft({ ...draft, [name]: e.target.value })}
        />
      )}
    </>
  );
  return (
    <section aria-labelledby="contribution-heading">
      <h2 id="contribution-heading">{t('panels.contribution.title')}</h2>
      <p className="muted">{t('panels.contribution.help')}</p>
      <form className="stack-form" onSubmit={add}>
        {field('title', false)}
        {field('need', true)}
        {field('action', true)}
        <button type="submit" disabled={!complete}>
          {t('panels.contribution.add')}
        </button>
      </form>
      {list.length > 0 && (
        <>
          <ol aria-label={t('panels.contribution.list')}>
            {list.map((proposal, index) => (
              <li key={index}>{proposal.title}</li>
            ))}
          </ol>
          <button type="button" disabled={write.busy} onClick={() => void submit()}>
            {t('panels.contribution.submit', { count: list.length })}
          </button>
        </>
      )}
      <Feedback message={write.message} />
      {published.length > 0 && (
        <ul aria-label={t('panels.contribution.published')}>
          {published.map((proposalId, index) => (
            <li key={proposalId}>
              <Link href={`/proposals/${proposalId}`}>
                {t('panels.contribution.link', { number: index + 1 })}
              </Link>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
