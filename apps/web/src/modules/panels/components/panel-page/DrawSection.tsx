import type { PanelDrawJob, PanelResponse } from '@permanente/contracts';
import { FormEvent, useEffect, useRef, useState } from 'react';
import { useI18n } from '@web/i18n/i18n';
import { Feedback } from '@web/shared/components/Feedback';
import { panelsApi } from '@web/modules/panels/api/panels.api';
import { percent } from '@web/modules/panels/panel-format';
import { useWrite } from '@web/modules/panels/hooks/useWrite';
import type { Refresh } from '@web/modules/panels/hooks/useWrite';

export function useElapsedSeconds(running: boolean): number {
  const [seconds, setSeconds] = useState(0);
  useEffect(() => {
    if (!running) return;
    const start = Date.now();
    const timer = setInterval(() => setSeconds(Math.round((Date.now() - start) / 1000)), 1000);
    return () => clearInterval(timer);
  }, [running]);
  return running ? seconds : 0;
}

/** A draw job still being computed on the server. */
export function isRunning(job: PanelDrawJob | null): boolean {
  return job !== null && (job.status === 'queued' || job.status === 'running');
}

/** While a draw job runs, the panel is reloaded every second (the job survives leaving). */
export function usePollWhile(running: boolean, refresh: Refresh): void {
  const latest = useRef(refresh);
  useEffect(() => {
    latest.current = refresh;
  });
  useEffect(() => {
    if (!running) return;
    const timer = setInterval(() => void latest.current(), 1000);
    return () => clearInterval(timer);
  }, [running]);
}

export function JobProgress({ job }: { job: PanelDrawJob }) {
  const { t, locale } = useI18n();
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  const seconds = Math.max(0, Math.round((now - Date.parse(job.createdAt)) / 1000));
  const progress = job.progress;
  return (
    <>
      <p className="notice">{t('panels.draw.pending', { seconds })}</p>
      {job.status === 'queued' && <p>{t('panels.draw.queued')}</p>}
      {progress && (
        <p data-testid="draw-progress">
          {t('panels.draw.progress', {
            stage: progress.stage,
            lower: percent(progress.lowerBound, locale),
            gap:
              progress.gap === null ? t('panels.draw.gapUnknown') : percent(progress.gap, locale),
          })}
        </p>
      )}
      {job.attempts > 1 && <p>{t('panels.draw.resumed', { attempts: job.attempts })}</p>}
      <p className="muted">{t('panels.draw.leave')}</p>
    </>
  );
}

export function DrawSection({ panel, refresh }: { panel: PanelResponse; refresh: Refresh }) {
  const { t, locale } = useI18n();
  const write = useWrite();
  const [seed, setSeed] = useState(panel.announcedSeed ?? '');
  const [fairness, setFairness] = useState(panel.fairness);
  /** The job this page started: its end is announced here. */
  const [watched, setWatched] = useState<string | null>(null);
  /** The request that starts the draw (the feasibility check runs first). */
  const [starting, setStarting] = useState(false);
  const startingSeconds = useElapsedSeconds(starting);
  // Replacement jobs are followed in the members' section.
  const job = panel.drawJob?.kind === 'replacement' ? null : panel.drawJob;
  const running = isRunning(job);
  usePollWhile(running, refresh);
  const active = panel.draws.find((d) => d.kind === 'initial' && d.cancelledAt === null);
  const infeasible = write.failure?.status === 422;
  const finished = !running && job !== null && job.id === watched ? job : null;

  const announce = async () => {
    const ok = await write.run(
      (headers) => panelsApi.update(panel.id, { announcedSeed: seed.trim() || null }, headers),
      t('panels.draw.announced'),
    );
    if (ok) await refresh();
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setStarting(true);
    try {
      const ok = await write.run(async (headers) => {
        const started = await panelsApi.draw(panel.id, { seed: seed.trim(), fairness }, headers);
        setWatched(started.id);
      });
      if (ok) await refresh();
    } finally {
      setStarting(false);
    }
  };

  const cancelJob = async () => {
    if (!job) return;
    const ok = await write.run((headers) => panelsApi.cancelDrawJob(panel.id, job.id, headers));
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
    <section aria-labelledby="draw-heading" aria-busy={running}>
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
            <dd>
              {percent(active.minimumProbability, locale)}
              {active.unselectableCount > 0 &&
                ` ${t('panels.draw.minimumExcludes', { count: active.unselectableCount })}`}
            </dd>
          </dl>
          <p>{t('panels.draw.result', { members: active.panel.join(', ') })}</p>
          <button type="button" className="button-danger" onClick={() => void cancel()}>
            {t('panels.draw.cancel')}
          </button>
        </>
      ) : running ? (
        <button type="button" className="button-danger" onClick={() => void cancelJob()}>
          {t('panels.draw.cancelJob')}
        </button>
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
        {running && job && <JobProgress job={job} />}
        {starting && !running && (
          <p className="notice">{t('panels.draw.pending', { seconds: startingSeconds })}</p>
        )}
        {finished?.status === 'done' && <p className="notice">{t('panels.draw.done')}</p>}
        {finished?.status === 'cancelled' && <p>{t('panels.draw.jobCancelled')}</p>}
      </div>
      {!active && !running && job?.status === 'failed' && job.error && (
        <p className="field-error" role="alert">
          {t('panels.draw.jobFailed', { code: job.error.code, reason: job.error.message })}
        </p>
      )}
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
