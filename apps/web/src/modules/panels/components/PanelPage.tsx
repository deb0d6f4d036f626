import type {
  FieldError,
  PanelContributionRequest,
  PanelFeasibilityResponse,
  PanelMemberResponse,
  PanelQuotaIssue,
  PanelResponse,
  PanelVolunteerResponse,
} from '@permanente/contracts';
import { ChangeEvent, FormEvent, useEffect, useState } from 'react';
import { Link } from 'wouter';
import { useI18n } from '../../../i18n/i18n';
import type { MessageKey, Translate } from '../../../i18n/i18n-types';
import { errorReason } from '../../../shared/api/error-reason';
import { ApiError } from '../../../shared/api/http';
import { LoadError, Loading } from '../../../shared/components/ApiStatus';
import { Feedback, type FeedbackMessage } from '../../../shared/components/Feedback';
import { Page } from '../../../shared/components/Page';
import { useAuth } from '../../auth/AuthProvider';
import { panelsApi } from '../api/panels.api';
import { formatDay } from '../../tour/tour-format';
import { usePanel } from '../hooks/usePanel';
import {
  percent,
  quotaDrafts,
  quotasFromDrafts,
  valueLabel,
  type QuotaDraft,
} from '../panel-format';
import { OrganiserOnly } from './OrganiserOnly';

type Refresh = () => Promise<void>;

/** `/organisation/panels/:id`: pool, quotas, draw, members, appointed seats, erasure. */
export function PanelPage({ id }: { id: string }) {
  const { t } = useI18n();
  return (
    <OrganiserOnly title={t('panels.title')}>
      <PanelConsole id={id} />
    </OrganiserOnly>
  );
}

/** A write with its feedback: the error's reason, or a success text. */
function useWrite() {
  const { t } = useI18n();
  const { csrfHeaders } = useAuth();
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<FeedbackMessage | null>(null);
  const [failure, setFailure] = useState<ApiError | null>(null);
  const run = async (
    work: (headers: Record<string, string>) => Promise<unknown>,
    success?: string,
  ): Promise<boolean> => {
    setBusy(true);
    setMessage(null);
    setFailure(null);
    try {
      await work(csrfHeaders());
      if (success) setMessage({ kind: 'success', text: success });
      return true;
    } catch (error) {
      setFailure(error instanceof ApiError ? error : null);
      setMessage({ kind: 'error', text: t('panels.failed', { reason: errorReason(error, t) }) });
      return false;
    } finally {
      setBusy(false);
    }
  };
  return { busy, message, failure, run };
}

function PanelConsole({ id }: { id: string }) {
  const { t } = useI18n();
  const { data, error, refresh } = usePanel(id);
  if (!data) {
    return (
      <Page title={t('panels.title')}>
        {error ? <LoadError error={error} onRetry={() => void refresh()} /> : <Loading />}
      </Page>
    );
  }
  const { panel, volunteers } = data;
  const reload: Refresh = () => refresh();
  const active = panel.draws.find((d) => d.kind === 'initial' && d.cancelledAt === null);
  return (
    <Page title={panel.title}>
      <p>
        <Link href="/organisation/panels">{t('panels.back')}</Link>
      </p>
      <dl className="facts">
        <dt>{t('panels.seats.title')}</dt>
        <dd>
          {t('panels.seats.summary', {
            drawn: panel.seats.drawn,
            organisation: panel.seats.organisation,
            elected: panel.seats.elected,
          })}
        </dd>
        <dt>{t('panels.pool.count')}</dt>
        <dd>{panel.volunteerCount}</dd>
        <dt>{t('panels.retention')}</dt>
        <dd>{panel.retentionUntil}</dd>
      </dl>
      <ul>
        <li>
          <Link href={`/panels/${panel.id}/apply`}>{t('panels.links.apply')}</Link>
        </li>
        <li>
          <Link href={`/panels/${panel.id}/audit`}>{t('panels.links.audit')}</Link>
        </li>
      </ul>
      <PoolSection panel={panel} volunteers={volunteers} drawn={!!active} refresh={reload} />
      <QuotasSection panel={panel} drawn={!!active} refresh={reload} />
      <DrawSection panel={panel} refresh={reload} />
      {active && <MembersSection panel={panel} refresh={reload} />}
      <SessionsSection panel={panel} refresh={reload} />
      <ContributionSection panel={panel} />
      <AppointedSection panel={panel} refresh={reload} />
      <ErasureSection panel={panel} drawn={!!active} refresh={reload} />
    </Page>
  );
}

// ---- pool ------------------------------------------------------------------------------

/** French (or English) for the CSV import's row and column errors. */
export function describeImportError(field: FieldError, t: Translate): string {
  const column = field.field.match(/columns\.(.+)$/)?.[1];
  const cell = field.field.match(/line(\d+)(?:\.(.+))?$/);
  if (column && field.code === 'missingColumn') return t('panels.import.missingColumn', { column });
  if (column) return t('panels.import.unknownColumn', { column });
  if (cell) {
    const params = { line: cell[1], column: cell[2] ?? '' };
    if (field.code === 'unknownValue') return t('panels.import.unknownValue', params);
    if (field.code === 'required') return t('panels.import.required', params);
    if (field.code === 'contactRequired') return t('panels.import.contactRequired', params);
    return t('panels.import.other', { ...params, reason: field.reason });
  }
  return field.reason;
}

function PoolSection({
  panel,
  volunteers,
  drawn,
  refresh,
}: {
  panel: PanelResponse;
  volunteers: PanelVolunteerResponse[];
  drawn: boolean;
  refresh: Refresh;
}) {
  const { t, locale } = useI18n();
  const write = useWrite();
  const [file, setFile] = useState<File | null>(null);
  const importErrors = write.failure?.body?.fields ?? [];

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!file) return;
    const csv = await file.text();
    const ok = await write.run(async (headers) => {
      const result = await panelsApi.importCsv(panel.id, csv, headers);
      return result;
    }, t('panels.import.done'));
    if (ok) await refresh();
  };

  return (
    <section aria-labelledby="pool-heading">
      <h2 id="pool-heading">{t('panels.pool.title')}</h2>
      {!drawn && panel.poolErasedAt === null && (
        <form className="stack-form" onSubmit={submit}>
          <label htmlFor="pool-file">{t('panels.import.file')}</label>
          <p className="muted" id="pool-file-help">
            {t('panels.import.help', { columns: panel.features.map((f) => f.key).join(', ') })}
          </p>
          <input
            id="pool-file"
            type="file"
            accept=".csv,text/csv"
            aria-describedby="pool-file-help"
            onChange={(event: ChangeEvent<HTMLInputElement>) =>
              setFile(event.target.files?.[0] ?? null)
            }
          />
          <button type="submit" disabled={!file || write.busy}>
            {t('panels.import.submit')}
          </button>
          <Feedback message={write.message} />
          {importErrors.length > 0 && (
            <ul className="field-error" aria-label={t('panels.import.errors')}>
              {importErrors.map((field) => (
                <li key={field.field + field.code}>{describeImportError(field, t)}</li>
              ))}
            </ul>
          )}
        </form>
      )}
      {panel.poolErasedAt && <p className="notice">{t('panels.erase.done')}</p>}
      {volunteers.length === 0 ? (
        <p>{t('panels.pool.empty')}</p>
      ) : (
        <div
          style={{ overflowX: 'auto' }}
          tabIndex={0}
          role="region"
          aria-label={t('panels.pool.caption', { count: volunteers.length })}
        >
          <table className="synthesis-table">
            <caption>{t('panels.pool.caption', { count: volunteers.length })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('panels.pool.id')}</th>
                <th scope="col">{t('panels.pool.name')}</th>
                {panel.features.map((feature) => (
                  <th scope="col" key={feature.key}>
                    {feature.label}
                  </th>
                ))}
                <th scope="col">{t('panels.pool.probability')}</th>
                <th scope="col">{t('panels.pool.selected')}</th>
              </tr>
            </thead>
            <tbody>
              {volunteers.map((volunteer) => (
                <tr key={volunteer.publicId}>
                  <td>{volunteer.publicId}</td>
                  <td>{volunteer.name ?? t('panels.pool.erased')}</td>
                  {panel.features.map((feature) => (
                    <td key={feature.key}>
                      {valueLabel(panel.features, feature.key, volunteer.features[feature.key])}
                    </td>
                  ))}
                  <td>{percent(volunteer.probability, locale)}</td>
                  <td>{volunteer.selected ? t('common.yes') : ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

// ---- quotas ----------------------------------------------------------------------------

export function IssueList({ issues }: { issues: PanelQuotaIssue[] }) {
  const { t } = useI18n();
  return (
    <ul>
      {issues.map((issue, index) => (
        <li key={index}>
          <strong>{issue.quotas.join(', ') || t('panels.quotas.pool')}</strong> —{' '}
          {t(`panels.issue.${issue.kind}` as MessageKey)}
          {issue.conflictingBounds && issue.conflictingBounds.length > 0 && (
            <> ({issue.conflictingBounds.join(' ; ')})</>
          )}
        </li>
      ))}
    </ul>
  );
}

function QuotasSection({
  panel,
  drawn,
  refresh,
}: {
  panel: PanelResponse;
  drawn: boolean;
  refresh: Refresh;
}) {
  const { t } = useI18n();
  const write = useWrite();
  const [drafts, setDrafts] = useState<QuotaDraft[]>(() =>
    quotaDrafts(panel.features, panel.quotas),
  );
  const [report, setReport] = useState<PanelFeasibilityResponse | null>(null);
  const [checking, setChecking] = useState(false);

  const change = (index: number, bound: 'min' | 'max', value: string) =>
    setDrafts((current) => current.map((d, i) => (i === index ? { ...d, [bound]: value } : d)));

  const check = async () => {
    setChecking(true);
    try {
      setReport(await panelsApi.feasibility(panel.id));
    } catch {
      setReport(null);
    } finally {
      setChecking(false);
    }
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const { quotas, invalid } = quotasFromDrafts(drafts, panel.seats.drawn);
    if (invalid.length > 0) return;
    const ok = await write.run(
      (headers) => panelsApi.setQuotas(panel.id, quotas, headers),
      t('panels.quotas.saved'),
    );
    if (ok) {
      await refresh();
      await check();
    }
  };

  const invalid = quotasFromDrafts(drafts, panel.seats.drawn).invalid;
  return (
    <section aria-labelledby="quotas-heading">
      <h2 id="quotas-heading">{t('panels.quotas.title')}</h2>
      <p className="muted">{t('panels.quotas.help', { seats: panel.seats.drawn })}</p>
      <form onSubmit={submit}>
        <div
          style={{ overflowX: 'auto' }}
          tabIndex={0}
          role="region"
          aria-label={t('panels.quotas.caption')}
        >
          <table className="synthesis-table">
            <caption>{t('panels.quotas.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('panels.quotas.feature')}</th>
                <th scope="col">{t('panels.quotas.value')}</th>
                <th scope="col">{t('panels.quotas.min')}</th>
                <th scope="col">{t('panels.quotas.max')}</th>
              </tr>
            </thead>
            <tbody>
              {drafts.map((draft, index) => {
                const feature = panel.features.find((f) => f.key === draft.feature)!;
                const label = `${feature.label} : ${valueLabel(panel.features, draft.feature, draft.value)}`;
                const bad = invalid.includes(`${draft.feature}=${draft.value}`);
                return (
                  <tr key={`${draft.feature}=${draft.value}`}>
                    <td>{feature.label}</td>
                    <th scope="row">{valueLabel(panel.features, draft.feature, draft.value)}</th>
                    {(['min', 'max'] as const).map((bound) => (
                      <td key={bound}>
                        <input
                          type="number"
                          min={0}
                          inputMode="numeric"
                          style={{ width: '5rem' }}
                          aria-label={t(`panels.quotas.${bound}Of`, { label })}
                          aria-invalid={bad}
                          value={draft[bound]}
                          disabled={drawn}
                          onChange={(e) => change(index, bound, e.target.value)}
                        />
                      </td>
                    ))}
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
        {invalid.length > 0 && (
          <p className="field-error">
            {t('panels.quotas.invalid', { quotas: invalid.join(', ') })}
          </p>
        )}
        {!drawn && (
          <div className="button-row">
            <button type="submit" disabled={write.busy}>
              {t('panels.quotas.save')}
            </button>
            <button type="button" onClick={() => void check()} disabled={checking}>
              {t('panels.quotas.check')}
            </button>
          </div>
        )}
        <Feedback message={write.message} />
      </form>
      <div role="status">
        {checking && <p className="muted">{t('panels.quotas.checking')}</p>}
        {report && !checking && report.feasible && (
          <p className="notice">
            {t('panels.quotas.feasible', { pool: report.poolSize, seats: report.seatsToDraw })}
          </p>
        )}
        {report && !checking && !report.feasible && (
          <div className="notice notice-error">
            <p>{t('panels.quotas.infeasible')}</p>
            <IssueList issues={report.issues} />
          </div>
        )}
      </div>
    </section>
  );
}

// ---- draw ------------------------------------------------------------------------------

function useElapsedSeconds(running: boolean): number {
  const [seconds, setSeconds] = useState(0);
  useEffect(() => {
    if (!running) return;
    const start = Date.now();
    const timer = setInterval(() => setSeconds(Math.round((Date.now() - start) / 1000)), 1000);
    return () => clearInterval(timer);
  }, [running]);
  return running ? seconds : 0;
}

function DrawSection({ panel, refresh }: { panel: PanelResponse; refresh: Refresh }) {
  const { t, locale } = useI18n();
  const write = useWrite();
  const [seed, setSeed] = useState(panel.announcedSeed ?? '');
  const [fairness, setFairness] = useState(panel.fairness);
  const elapsed = useElapsedSeconds(write.busy);
  const active = panel.draws.find((d) => d.kind === 'initial' && d.cancelledAt === null);
  const infeasible = write.failure?.status === 422;

  const announce = async () => {
    const ok = await write.run(
      (headers) => panelsApi.update(panel.id, { announcedSeed: seed.trim() || null }, headers),
      t('panels.draw.announced'),
    );
    if (ok) await refresh();
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const ok = await write.run(
      (headers) => panelsApi.draw(panel.id, { seed: seed.trim(), fairness }, headers),
      t('panels.draw.done'),
    );
    if (ok) await refresh();
  };

  const cancel = async () => {
    if (!active) return;
    const ok = await write.run(
      (headers) => panelsApi.cancelDraw(panel.id, active.id, headers),
      t('panels.draw.cancelled'),
    );
    if (ok) await refresh();
  };

  return (
    <section aria-labelledby="draw-heading" aria-busy={write.busy}>
      <h2 id="draw-heading">{t('panels.draw.title')}</h2>
      {active ? (
        <>
          <dl className="facts">
            <dt>{t('panels.audit.seed')}</dt>
            <dd>{active.seed}</dd>
            <dt>{t('panels.audit.algorithm')}</dt>
            <dd>
              {active.algorithmVersion} ({active.fairness}, {active.solverVersion})
            </dd>
            <dt>{t('panels.audit.minimum')}</dt>
            <dd>{percent(active.minimumProbability, locale)}</dd>
          </dl>
          <p>{t('panels.draw.result', { members: active.panel.join(', ') })}</p>
          <button type="button" className="button-danger" onClick={() => void cancel()}>
            {t('panels.draw.cancel')}
          </button>
        </>
      ) : (
        <form className="stack-form" onSubmit={submit}>
          <label htmlFor="draw-seed">{t('panels.draw.seed')}</label>
          <p className="muted" id="draw-seed-help">
            {t('panels.draw.seedHelp')}
          </p>
          <input
            id="draw-seed"
            value={seed}
            maxLength={200}
            aria-describedby="draw-seed-help"
            onChange={(e) => setSeed(e.target.value)}
          />
          <label htmlFor="draw-fairness">{t('panels.draw.fairness')}</label>
          <select
            id="draw-fairness"
            value={fairness}
            onChange={(e) => setFairness(e.target.value as typeof fairness)}
          >
            <option value="leximin">{t('panels.draw.leximin')}</option>
            <option value="maximin">{t('panels.draw.maximin')}</option>
          </select>
          <div className="button-row">
            <button type="button" onClick={() => void announce()} disabled={write.busy}>
              {t('panels.draw.announce')}
            </button>
            <button type="submit" disabled={write.busy || !seed.trim()}>
              {t('panels.draw.submit')}
            </button>
          </div>
        </form>
      )}
      <div role="status">
        {write.busy && <p className="notice">{t('panels.draw.pending', { seconds: elapsed })}</p>}
      </div>
      <Feedback message={write.message} />
      {infeasible && write.failure?.body?.fields && (
        <ul className="field-error">
          {write.failure.body.fields.map((field) => (
            <li key={field.field}>{field.field.replace(/^quotas\./, '')}</li>
          ))}
        </ul>
      )}
    </section>
  );
}

// ---- members and replacements ----------------------------------------------------------

function MembersSection({ panel, refresh }: { panel: PanelResponse; refresh: Refresh }) {
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
                {t(`panels.category.${member.category}` as MessageKey)}
                {member.volunteerPublicId ? ` · ${member.volunteerPublicId}` : ''}
                {member.appointedBy
                  ? ` · ${t('panels.members.appointedBy', { name: member.appointedBy })}`
                  : ''}
              </span>
            </p>
            <p>{t(`panels.status.${member.status}` as MessageKey)}</p>
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

// ---- sessions -------------------------------------------------------------------------

function SessionsSection({ panel, refresh }: { panel: PanelResponse; refresh: Refresh }) {
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
                {t(`workshop.status.${session.status}` as MessageKey)}
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

// ---- the panel's contribution ----------------------------------------------------------

type ContributedProposal = PanelContributionRequest['proposals'][number];

/** The proposals the panel adopted, gathered here, then published together. */
function ContributionSection({ panel }: { panel: PanelResponse }) {
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

// ---- appointed seats -------------------------------------------------------------------

function AppointedSection({ panel, refresh }: { panel: PanelResponse; refresh: Refresh }) {
  const { t } = useI18n();
  const write = useWrite();
  const [purpose, setPurpose] = useState(t('panels.lottery.defaultPurpose'));
  const [names, setNames] = useState('');
  const [count, setCount] = useState('2');
  const [seed, setSeed] = useState('');
  const [appointedBy, setAppointedBy] = useState('');
  const [category, setCategory] = useState<'organisation' | 'elected'>('organisation');
  const [memberName, setMemberName] = useState('');
  const drawnNames = panel.lotteries.flatMap((l) => l.drawn);

  const draw = async (event: FormEvent) => {
    event.preventDefault();
    const list = names
      .split('\n')
      .map((n) => n.trim())
      .filter(Boolean);
    const ok = await write.run(
      (headers) =>
        panelsApi.lottery(
          panel.id,
          { purpose: purpose.trim(), names: list, count: Number(count), seed: seed.trim() },
          headers,
        ),
      t('panels.lottery.done'),
    );
    if (ok) await refresh();
  };
  const appoint = async (event: FormEvent) => {
    event.preventDefault();
    const ok = await write.run(
      (headers) =>
        panelsApi.appoint(
          panel.id,
          { category, name: memberName.trim(), appointedBy: appointedBy || drawnNames[0] },
          headers,
        ),
      t('panels.appoint.done'),
    );
    if (ok) {
      setMemberName('');
      await refresh();
    }
  };

  return (
    <section aria-labelledby="appointed-heading">
      <h2 id="appointed-heading">{t('panels.lottery.title')}</h2>
      <p className="muted">{t('panels.lottery.help')}</p>
      {panel.lotteries.map((lottery) => (
        <p key={lottery.id}>
          <strong>{lottery.purpose}</strong> —{' '}
          {t('panels.lottery.result', {
            drawn: lottery.drawn.join(', '),
            count: lottery.names.length,
            seed: lottery.seed,
          })}
        </p>
      ))}
      <form className="stack-form" onSubmit={draw}>
        <label htmlFor="lottery-purpose">{t('panels.lottery.purpose')}</label>
        <input id="lottery-purpose" value={purpose} onChange={(e) => setPurpose(e.target.value)} />
        <label htmlFor="lottery-names">{t('panels.lottery.names')}</label>
        <textarea
          id="lottery-names"
          rows={5}
          value={names}
          onChange={(e) => setNames(e.target.value)}
        />
        <label htmlFor="lottery-count">{t('panels.lottery.count')}</label>
        <input
          id="lottery-count"
          type="number"
          min={0}
          value={count}
          onChange={(e) => setCount(e.target.value)}
        />
        <label htmlFor="lottery-seed">{t('panels.lottery.seed')}</label>
        <input id="lottery-seed" value={seed} onChange={(e) => setSeed(e.target.value)} />
        <button type="submit" disabled={write.busy}>
          {t('panels.lottery.submit')}
        </button>
      </form>
      {drawnNames.length > 0 && (
        <form className="stack-form" onSubmit={appoint}>
          <h3>{t('panels.appoint.title')}</h3>
          <label htmlFor="appoint-by">{t('panels.appoint.by')}</label>
          <select
            id="appoint-by"
            value={appointedBy}
            onChange={(e) => setAppointedBy(e.target.value)}
          >
            {drawnNames.map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
          <label htmlFor="appoint-category">{t('panels.appoint.category')}</label>
          <select
            id="appoint-category"
            value={category}
            onChange={(e) => setCategory(e.target.value as 'organisation' | 'elected')}
          >
            <option value="organisation">{t('panels.category.organisation')}</option>
            <option value="elected">{t('panels.category.elected')}</option>
          </select>
          <label htmlFor="appoint-name">{t('panels.appoint.name')}</label>
          <input
            id="appoint-name"
            value={memberName}
            onChange={(e) => setMemberName(e.target.value)}
          />
          <button type="submit" disabled={write.busy || !memberName.trim()}>
            {t('panels.appoint.submit')}
          </button>
        </form>
      )}
      <Feedback message={write.message} />
    </section>
  );
}

// ---- erasure ---------------------------------------------------------------------------

function ErasureSection({
  panel,
  drawn,
  refresh,
}: {
  panel: PanelResponse;
  drawn: boolean;
  refresh: Refresh;
}) {
  const { t, locale } = useI18n();
  const write = useWrite();
  const [confirming, setConfirming] = useState(false);
  if (panel.poolErasedAt) return null;
  const erase = async () => {
    const ok = await write.run(
      (headers) => panelsApi.erasePool(panel.id, headers),
      t('panels.erase.done'),
    );
    setConfirming(false);
    if (ok) await refresh();
  };
  return (
    <section aria-labelledby="erase-heading">
      <h2 id="erase-heading">{t('panels.erase.title')}</h2>
      <p className="muted">
        {t('panels.erase.help', { date: formatDay(panel.retentionUntil, locale, 'long') })}
      </p>
      {drawn &&
        (confirming ? (
          <div className="confirm">
            <p>{t('panels.erase.confirm')}</p>
            <div className="button-row">
              <button type="button" className="button-danger" onClick={() => void erase()}>
                {t('panels.erase.submit')}
              </button>
              <button type="button" onClick={() => setConfirming(false)}>
                {t('common.cancel')}
              </button>
            </div>
          </div>
        ) : (
          <button type="button" onClick={() => setConfirming(true)}>
            {t('panels.erase.submit')}
          </button>
        ))}
      <Feedback message={write.message} />
    </section>
  );
}
