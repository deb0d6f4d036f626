import { useMutation } from '@tanstack/react-query';
import type {
  TerritoryTreeNode,
  TourPlanningResponse,
  TourStopPlanningResponse,
} from '@permanente/contracts';
import { FormEvent, useState } from 'react';
import { Link } from 'wouter';
import { useI18n } from '@web/i18n/i18n';
import { LoadError, Loading } from '@web/shared/components/ApiStatus';
import { Feedback, type FeedbackMessage } from '@web/shared/components/Feedback';
import { Page } from '@web/shared/components/Page';
import { useApiQuery, useInvalidate } from '@web/shared/query/useApiQuery';
import { queryKeys } from '@web/shared/query/query-keys';
import { useAuth } from '@web/modules/auth/AuthProvider';
import { FACILITATION, RequireRole } from '@web/modules/auth/components/RequireRole';
import { useTerritoryTree } from '@web/modules/territories/hooks/useTerritories';
import { tourApi } from '../api/tour.api';
import { formatDay, formatTime, tourErrorReason } from '../tour-format';
import '../tour.css';

/**
 * `/tour/planning`: the team plans the tour. Organisers add, edit, reschedule, reorder and
 * remove every stop; facilitators do the same for the stops of their territories, without
 * reordering (the API refuses it).
 */
export function TourPlanningPage() {
  const { t } = useI18n();
  return (
    <RequireRole
      title={t('tour.planning.title')}
      roles={FACILITATION}
      refusal="facilitator.notAllowed"
    >
      <Planning />
    </RequireRole>
  );
}

function Planning() {
  const { t } = useI18n();
  const planning = useApiQuery(queryKeys.tour.planning, async (signal) => {
    const tours = await tourApi.list(signal);
    return tours.length > 0 ? tourApi.planning(tours[0].id, signal) : null;
  });
  return (
    <Page title={t('tour.planning.title')} intro={t('tour.planning.intro')}>
      {planning.isPending && <Loading />}
      {planning.isError && (
        <LoadError error={planning.error} onRetry={() => void planning.refetch()} />
      )}
      {planning.isSuccess &&
        (planning.data ? <PlanningView planning={planning.data} /> : <p>{t('tour.none')}</p>)}
      <p>
        <Link href="/tour">{t('tour.planning.public')}</Link>
      </p>
      <p>
        <Link href="/tour/heard">{t('heard.title')}</Link>
      </p>
    </Page>
  );
}

function bassinOptions(nodes: TerritoryTreeNode[], parent?: string) {
  return nodes.flatMap((node): Array<{ id: string; label: string }> =>
    node.level === 'bassin_de_vie'
      ? [{ id: node.id, label: parent ? `${node.name} (${parent})` : node.name }]
      : bassinOptions(node.children, node.level === 'departement' ? node.name : parent),
  );
}

/**
 * The stops, kept on screen while a change is saved and the list read again (each change is a
 * mutation that invalidates the tour's queries: this planning, the public tour, its stops).
 */
function PlanningView({ planning }: { planning: TourPlanningResponse }) {
  const { t, locale } = useI18n();
  const { session, csrfHeaders } = useAuth();
  const organiser = session?.user.roles.includes('organiser') ?? false;
  const [message, setMessage] = useState<FeedbackMessage | null>(null);
  const [editing, setEditing] = useState<string | null>(null);
  const invalidate = useInvalidate();
  const write = useMutation({ mutationFn: (work: () => Promise<unknown>) => work() });
  const busy = write.isPending;
  const run = async (work: () => Promise<unknown>, success: string) => {
    setMessage(null);
    try {
      await write.mutateAsync(work);
    } catch (error) {
      setMessage({
        kind: 'error',
        text: t('tour.planning.failed', { reason: tourErrorReason(error, t) }),
      });
      return false;
    }
    await invalidate(queryKeys.tour.all);
    setMessage({ kind: 'success', text: success });
    return true;
  };
  const move = (index: number, delta: number) => {
    const ids = planning.stops.map((stop) => stop.id);
    const [moved] = ids.splice(index, 1);
    ids.splice(index + delta, 0, moved);
    return run(
      () => tourApi.reorder(planning.id, ids, csrfHeaders()),
      t('tour.planning.reordered'),
    );
  };
  return (
    <>
      <p className="muted">
        {t('tour.planning.campaign', {
          from: formatDay(planning.campaignStartsOn, locale, 'long'),
          to: formatDay(planning.campaignEndsOn, locale, 'long'),
        })}
      </p>
      <Feedback message={message} />
      <section aria-labelledby="planning-stops-heading">
        <h2 id="planning-stops-heading">
          {t('tour.planning.stops', { count: planning.stops.length })}
        </h2>
        <ol className="cards planning-list">
          {planning.stops.map((stop, index) => (
            <li key={stop.id}>
              <h3>{t('tour.stopName', { rank: stop.rank, name: stop.territoryName })}</h3>
              <p>
                {formatDay(stop.day, locale)}, {formatTime(stop.startsAt, locale)}–
                {formatTime(stop.endsAt, locale)}
                {stop.place.name ? ` · ${stop.place.name}` : ''}
                {stop.workshop ? ` · ${t('tour.fabrik')} : ${stop.workshop.title}` : ''}
              </p>
              {stop.notes && (
                <p className="muted">{t('tour.planning.notesShown', { notes: stop.notes })}</p>
              )}
              <div className="planning-actions">
                {organiser && (
                  <>
                    <button
                      type="button"
                      disabled={busy || index === 0}
                      onClick={() => move(index, -1)}
                      aria-label={t('tour.planning.earlier', { name: stop.territoryName })}
                    >
                      {t('tour.planning.up')}
                    </button>
                    <button
                      type="button"
                      disabled={busy || index === planning.stops.length - 1}
                      onClick={() => move(index, 1)}
                      aria-label={t('tour.planning.later', { name: stop.territoryName })}
                    >
                      {t('tour.planning.down')}
                    </button>
                  </>
                )}
                <button
                  type="button"
                  aria-expanded={editing === stop.id}
                  aria-label={t('tour.planning.editStop', { name: stop.territoryName })}
                  onClick={() => setEditing(editing === stop.id ? null : stop.id)}
                >
                  {t('tour.planning.edit')}
                </button>
                <button
                  type="button"
                  disabled={busy}
                  aria-label={t('tour.planning.deleteStop', { name: stop.territoryName })}
                  onClick={() =>
                    run(
                      () => tourApi.deleteStop(stop.id, csrfHeaders()),
                      t('tour.planning.deleted', { name: stop.territoryName }),
                    )
                  }
                >
                  {t('tour.planning.delete')}
                </button>
              </div>
              {editing === stop.id && (
                <StopForm
                  idPrefix={`edit-${stop.id}`}
                  stop={stop}
                  busy={busy}
                  submitLabel={t('common.save')}
                  onSubmit={async (values) => {
                    const done = await run(
                      () => tourApi.updateStop(stop.id, values, csrfHeaders()),
                      t('tour.planning.saved', { name: stop.territoryName }),
                    );
                    if (done) setEditing(null);
                  }}
                />
              )}
            </li>
          ))}
        </ol>
      </section>
      <section aria-labelledby="planning-add-heading">
        <h2 id="planning-add-heading">{t('tour.planning.add')}</h2>
        <StopForm
          idPrefix="new-stop"
          busy={busy}
          submitLabel={t('tour.planning.addSubmit')}
          onSubmit={(values) =>
            run(
              () =>
                tourApi.createStop(
                  planning.id,
                  { ...values, territoryId: values.territoryId ?? '' },
                  csrfHeaders(),
                ),
              t('tour.planning.added'),
            )
          }
        />
      </section>
    </>
  );
}

interface StopValues {
  day: string;
  startsAt: string;
  endsAt: string;
  territoryId?: string;
  placeName: string;
  address: string;
  report: string;
  notes: string;
}

/** Add (with a bassin) or edit (the bassin stays) a stop. */
function StopForm({
  idPrefix,
  stop,
  busy,
  submitLabel,
  onSubmit,
}: {
  idPrefix: string;
  stop?: TourStopPlanningResponse;
  busy: boolean;
  submitLabel: string;
  onSubmit(values: StopValues): unknown;
}) {
  const { t } = useI18n();
  const tree = useTerritoryTree();
  const [values, setValues] = useState<StopValues>({
    day: stop?.day ?? '',
    startsAt: stop?.startsAt ?? '09:30',
    endsAt: stop?.endsAt ?? '21:30',
    territoryId: stop ? undefined : '',
    placeName: stop?.place.name ?? '',
    address: stop?.place.address ?? '',
    report: stop?.report ?? '',
    notes: stop?.notes ?? '',
  });
  const set = (key: keyof StopValues) => (event: { target: { value: string } }) =>
    setValues({ ...values, [key]: event.target.value });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSubmit(values);
  };
  const id = (name: string) => `${idPrefix}-${name}`;
  return (
    <form className="stack-form" onSubmit={submit}>
      {!stop && (
        <>
          <label htmlFor={id('territory')}>{t('tour.planning.bassin')}</label>
          <select
            id={id('territory')}
            required
            value={values.territoryId}
            onChange={set('territoryId')}
          >
            <option value="">{t('tour.planning.chooseBassin')}</option>
            {tree.isSuccess &&
              bassinOptions(tree.data).map((option) => (
                <option key={option.id} value={option.id}>
                  {option.label}
                </option>
              ))}
          </select>
        </>
      )}
      <label htmlFor={id('day')}>{t('tour.planning.day')}</label>
      <input id={id('day')} type="date" required value={values.day} onChange={set('day')} />
      <label htmlFor={id('starts')}>{t('tour.planning.startsAt')}</label>
      <input
        id={id('starts')}
        type="time"
        required
        value={values.startsAt}
        onChange={set('startsAt')}
      />
      <label htmlFor={id('ends')}>{t('tour.planning.endsAt')}</label>
      <input id={id('ends')} type="time" required value={values.endsAt} onChange={set('endsAt')} />
      <label htmlFor={id('place')}>{t('tour.planning.placeName')}</label>
      <input
        id={id('place')}
        value={values.placeName}
        maxLength={200}
        onChange={set('placeName')}
      />
      <label htmlFor={id('address')}>{t('tour.planning.address')}</label>
      <input id={id('address')} value={values.address} maxLength={300} onChange={set('address')} />
      {stop && (
        <>
          <label htmlFor={id('report')}>{t('tour.planning.report')}</label>
          <textarea
            id={id('report')}
            rows={3}
            maxLength={4000}
            value={values.report}
            onChange={set('report')}
          />
        </>
      )}
      <label htmlFor={id('notes')}>{t('tour.planning.notes')}</label>
      <textarea
        id={id('notes')}
        rows={2}
        maxLength={4000}
        value={values.notes}
        onChange={set('notes')}
      />
      <button type="submit" disabled={busy}>
        {submitLabel}
      </button>
    </form>
  );
}
