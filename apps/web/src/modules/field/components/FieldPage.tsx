import {
  FIELD_KIT_DEFAULT_DAYS,
  type FieldKitView,
  type FieldSyncReport,
  type WorkshopResponse,
} from '@permanente/contracts';
import { FormEvent, useState } from 'react';
import { useI18n } from '@web/i18n/i18n';
import { LoadError, Loading } from '@web/shared/components/ApiStatus';
import { ConfirmAction } from '@web/shared/components/ConfirmAction';
import { Feedback } from '@web/shared/components/Feedback';
import { Page } from '@web/shared/components/Page';
import { useApiQuery } from '@web/shared/query/useApiQuery';
import { queryKeys } from '@web/shared/query/query-keys';
import { useAuth } from '@web/modules/auth/AuthProvider';
import { facilitatorApi } from '@web/modules/facilitator/api/facilitator.api';
import { FACILITATION, RequireRole } from '@web/modules/auth/components/RequireRole';
import { useAction } from '@web/modules/facilitator/components/useAction';
import { downloadText, fieldApi } from '../api/field.api';

/**
 * `/facilitator/field`: bus mode. On central, issue a kit (which checks its workshops out),
 * revoke one, bring an export file back; on the field laptop, import the kit, see the LAN
 * address for phones, sync back or write the export file for a USB key.
 */
export function FieldPage() {
  const { t } = useI18n();
  return (
    <RequireRole title={t('field.title')} roles={FACILITATION} refusal="facilitator.notAllowed">
      <Page title={t('field.title')} intro={t('field.intro')}>
        <ThisLaptop />
        <Kits />
        <ImportExportFile />
      </Page>
    </RequireRole>
  );
}

function dateFormatter(locale: string) {
  const format = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' });
  return (iso: string) => format.format(new Date(iso));
}

function readFile(input: HTMLInputElement | null): Promise<string> | null {
  const file = input?.files?.[0];
  return file ? file.text() : null;
}

function useReportText() {
  const { t } = useI18n();
  return (report: FieldSyncReport) =>
    `${t('field.report', { applied: report.applied })}${
      report.kitClosed ? ` ${t('field.reportClosed')}` : ''
    }`;
}

/** The field side: the kit this instance runs (or the form to import one). */
function ThisLaptop() {
  const { t, locale } = useI18n();
  const formatDate = dateFormatter(locale);
  const { session } = useAuth();
  const action = useAction();
  const reportText = useReportText();
  const instance = useApiQuery(queryKeys.field.instance, (signal) => fieldApi.instance(signal));
  const [centralUrl, setCentralUrl] = useState('');
  const organiser = session?.user.roles.includes('organiser') ?? false;

  const importKit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const text = readFile(event.currentTarget.elements.namedItem('kit') as HTMLInputElement);
    if (!text) return;
    void action.run(
      async (headers) => {
        const kit = await fieldApi.importKit(await text, headers);
        action.setMessage({
          kind: 'success',
          text: kit.extended
            ? t('field.extendedHere', { label: kit.label, date: formatDate(kit.expiresAt) })
            : t('field.imported', { label: kit.label, fingerprint: kit.centralKeyFingerprint }),
        });
      },
      queryKeys.field.all,
      queryKeys.workshops.all,
    );
  };
  const sync = () =>
    action.run(
      async (headers) => {
        const report = await fieldApi.sync(centralUrl.trim() || undefined, headers);
        action.setMessage({ kind: 'success', text: reportText(report) });
      },
      queryKeys.field.all,
      queryKeys.workshops.all,
    );
  const exportFile = () =>
    action.run(async () => {
      const kit = instance.isSuccess ? instance.data.kit : null;
      downloadText(`field-export-${kit?.id ?? 'kit'}.json`, await fieldApi.exportFile());
    });

  return (
    <section aria-labelledby="field-laptop-heading">
      <h2 id="field-laptop-heading">{t('field.laptop.title')}</h2>
      {instance.isPending && <Loading />}
      {instance.isError && (
        <LoadError error={instance.error} onRetry={() => void instance.refetch()} />
      )}
      {instance.isSuccess && instance.data.kit && (
        <>
          <dl className="facts">
            <dt>{t('field.kit')}</dt>
            <dd>{instance.data.kit.label}</dd>
            <dt>{t('field.central')}</dt>
            <dd>{instance.data.kit.centralUrl}</dd>
            <dt>{t('field.expires')}</dt>
            <dd>{formatDate(instance.data.kit.expiresAt)}</dd>
            <dt>{t('field.lastSync')}</dt>
            <dd>
              {instance.data.kit.lastSyncedAt
                ? formatDate(instance.data.kit.lastSyncedAt)
                : t('field.never')}
            </dd>
          </dl>
          <p>{t('field.lan')}</p>
          <ul className="field-lan">
            {instance.data.lanUrls.map((url, n) => (
              <li key={url}>
                <code>{url}</code>
                <img
                  className="field-lan-qr"
                  src={`/api/field/instance/qr.svg?n=${n}`}
                  alt={t('field.lanQrAlt', { url: `${url}/join` })}
                  width={200}
                  height={200}
                />
              </li>
            ))}
          </ul>
          <div className="field">
            <label htmlFor="field-central-url">{t('field.centralUrl')}</label>
            <input
              id="field-central-url"
              type="url"
              value={centralUrl}
              placeholder={instance.data.kit.centralUrl}
              onChange={(event) => setCentralUrl(event.target.value)}
            />
          </div>
          <div className="button-row">
            <button
              type="button"
              className="button"
              disabled={action.busy}
              onClick={() => void sync()}
            >
              {t('field.sync')}
            </button>
            <button
              type="button"
              className="button secondary"
              disabled={action.busy}
              onClick={() => void exportFile()}
            >
              {t('field.export')}
            </button>
          </div>
        </>
      )}
      {instance.isSuccess && !instance.data.kit && <p>{t('field.noKit')}</p>}
      {instance.isSuccess && organiser && (
        <form onSubmit={importKit}>
          <div className="field">
            <label htmlFor="field-kit-file">{t('field.importKit')}</label>
            <input id="field-kit-file" name="kit" type="file" accept=".json" required />
          </div>
          <button type="submit" className="button" disabled={action.busy}>
            {t('field.importKitButton')}
          </button>
        </form>
      )}
      <Feedback message={action.message} />
    </section>
  );
}

/** The central side: the kits out, the form to issue one. */
function Kits() {
  const { t, locale } = useI18n();
  const formatDate = dateFormatter(locale);
  const action = useAction();
  const kits = useApiQuery(queryKeys.field.kits, (signal) => fieldApi.kits(signal));
  const workshops = useApiQuery(queryKeys.workshops.list, (signal) => facilitatorApi.list(signal));
  const [fingerprint, setFingerprint] = useState<string | null>(null);

  const issue = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const workshopIds = form.getAll('workshop').map(String);
    const days = Number(form.get('days'));
    void action.run(async (headers) => {
      const issued = await fieldApi.issue(
        { label: String(form.get('label') ?? ''), workshopIds, expiresInDays: days },
        headers,
      );
      downloadText(issued.fileName, issued.file);
      setFingerprint(issued.centralKeyFingerprint);
      action.setMessage({ kind: 'success', text: t('field.issued', { label: issued.kit.label }) });
    }, queryKeys.field.kits);
  };
  const revoke = (kit: FieldKitView) =>
    action.run(async (headers) => {
      await fieldApi.revoke(kit.id, headers);
      action.setMessage({ kind: 'success', text: t('field.revoked', { label: kit.label }) });
    }, queryKeys.field.kits);
  const extend = (kit: FieldKitView, days: number) =>
    action.run(async (headers) => {
      const extended = await fieldApi.extend(kit.id, days, headers);
      // For a laptop that stays offline past the old date: imported like the kit.
      downloadText(extended.fileName, extended.file);
      action.setMessage({
        kind: 'success',
        text: t('field.extended', {
          label: kit.label,
          date: formatDate(extended.kit.expiresAt),
        }),
      });
    }, queryKeys.field.kits);
  const open = (w: WorkshopResponse) => w.status !== 'closed';

  return (
    <section aria-labelledby="field-kits-heading">
      <h2 id="field-kits-heading">{t('field.kits.title')}</h2>
      {kits.isPending && <Loading />}
      {kits.isError && <LoadError error={kits.error} onRetry={() => void kits.refetch()} />}
      {kits.isSuccess && kits.data.length === 0 && <p>{t('field.kits.none')}</p>}
      {kits.isSuccess && kits.data.length > 0 && (
        <ul className="cards">
          {kits.data.map((kit) => (
            <li key={kit.id}>
              <strong>{kit.label}</strong>
              <p className="muted">
                {t(`field.status.${kit.status}`)} · {kit.workshops.map((w) => w.title).join(', ')} ·{' '}
                {t('field.expires')} {formatDate(kit.expiresAt)} ·{' '}
                {t('field.batches', { count: kit.batches })}
              </p>
              {(kit.status === 'active' || kit.status === 'expired') && (
                <button
                  type="button"
                  className="button secondary"
                  disabled={action.busy}
                  onClick={() => void extend(kit, FIELD_KIT_DEFAULT_DAYS)}
                >
                  {t('field.extend', { days: FIELD_KIT_DEFAULT_DAYS })}
                </button>
              )}
              {kit.status === 'active' && (
                <ConfirmAction
                  label={t('field.revoke')}
                  question={t('field.confirmRevoke', { label: kit.label })}
                  confirmLabel={t('field.revoke')}
                  onConfirm={() => void revoke(kit)}
                  busy={action.busy}
                />
              )}
            </li>
          ))}
        </ul>
      )}
      <h3>{t('field.issue.title')}</h3>
      {workshops.isSuccess && (
        <form onSubmit={issue}>
          <div className="field">
            <label htmlFor="field-kit-label">{t('field.issue.label')}</label>
            <input id="field-kit-label" name="label" required maxLength={120} />
          </div>
          <fieldset>
            <legend>{t('field.issue.workshops')}</legend>
            {workshops.data.filter(open).map((w) => (
              <div key={w.id}>
                <input type="checkbox" id={`field-w-${w.id}`} name="workshop" value={w.id} />
                <label htmlFor={`field-w-${w.id}`}>{w.title}</label>
              </div>
            ))}
          </fieldset>
          <div className="field">
            <label htmlFor="field-kit-days">{t('field.issue.days')}</label>
            <input
              id="field-kit-days"
              name="days"
              type="number"
              min={1}
              max={30}
              defaultValue={7}
            />
          </div>
          <button type="submit" className="button" disabled={action.busy}>
            {t('field.issue.button')}
          </button>
        </form>
      )}
      {fingerprint && (
        <p>
          {t('field.fingerprint')} <code>{fingerprint}</code>
        </p>
      )}
      <Feedback message={action.message} />
    </section>
  );
}

/** The central side: an export file brought on a USB key. */
function ImportExportFile() {
  const { t } = useI18n();
  const action = useAction();
  const reportText = useReportText();
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const text = readFile(event.currentTarget.elements.namedItem('export') as HTMLInputElement);
    if (!text) return;
    void action.run(async (headers) => {
      const report = await fieldApi.importExport(await text, headers);
      action.setMessage({ kind: 'success', text: reportText(report) });
    });
  };
  return (
    <section aria-labelledby="field-file-heading">
      <h2 id="field-file-heading">{t('field.file.title')}</h2>
      <form onSubmit={submit}>
        <div className="field">
          <label htmlFor="field-export-file">{t('field.file.title')}</label>
          <input id="field-export-file" name="export" type="file" accept=".json" required />
        </div>
        <button type="submit" className="button" disabled={action.busy}>
          {t('field.file.button')}
        </button>
      </form>
      <Feedback message={action.message} />
    </section>
  );
}
