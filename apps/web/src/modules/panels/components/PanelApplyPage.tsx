import { useMutation } from '@tanstack/react-query';
import type { ApplyToPanelRequest, PanelPublicResponse } from '@permanente/contracts';
import { FormEvent, useState } from 'react';
import { Link } from 'wouter';
import { useI18n } from '@web/i18n/i18n';
import { errorReason } from '@web/shared/api/error-reason';
import { ApiError } from '@web/shared/api/http';
import { LoadError, Loading } from '@web/shared/components/ApiStatus';
import { Feedback, type FeedbackMessage } from '@web/shared/components/Feedback';
import { Page } from '@web/shared/components/Page';
import { useApiQuery, useInvalidate } from '@web/shared/query/useApiQuery';
import { queryKeys } from '@web/shared/query/query-keys';
import {
  draftOf,
  ProfileFields,
  profileOf,
} from '@web/modules/participant/components/ProfileFields';
import { formatDay } from '@web/modules/tour/tour-format';
import { panelsApi } from '../api/panels.api';

/** `/panels/:id/apply`: the public open call — only what the draw needs, with consent. */
export function PanelApplyPage({ id }: { id: string }) {
  const { t } = useI18n();
  const panel = useApiQuery(queryKeys.panels.publicView(id), (signal) =>
    panelsApi.publicView(id, signal),
  );
  if (!panel.isSuccess)
    return (
      <Page title={t('panels.apply.title')}>
        {panel.isPending ? (
          <Loading />
        ) : (
          <LoadError error={panel.error} onRetry={() => void panel.refetch()} />
        )}
      </Page>
    );
  return <ApplyForm panel={panel.data} />;
}

function ApplyForm({ panel }: { panel: PanelPublicResponse }) {
  const { t, locale } = useI18n();
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [phone, setPhone] = useState('');
  const [features, setFeatures] = useState<Record<string, string>>({});
  const [consent, setConsent] = useState(false);
  const [profileDraft, setProfileDraft] = useState(draftOf);
  const [profileConsent, setProfileConsent] = useState(false);
  const [message, setMessage] = useState<FeedbackMessage | null>(null);
  const [invalid, setInvalid] = useState<string[]>([]);
  const invalidate = useInvalidate();
  const application = useMutation({
    mutationFn: (request: ApplyToPanelRequest) => panelsApi.apply(panel.id, request),
    onMutate: () => setMessage(null),
    // The pool's count changed: the organiser's pages read it again when next shown.
    onSuccess: () => void invalidate(queryKeys.panels.all),
    onError: (error) => {
      if (error instanceof ApiError && error.body?.fields)
        setInvalid(
          error.body.fields.map((f) => f.field.replace(/^body\.(features\.|profile\.)?/, '')),
        );
      setMessage({ kind: 'error', text: t('panels.failed', { reason: errorReason(error, t) }) });
    },
  });
  const busy = application.isPending;
  const done = application.data ?? null;
  const title = t('panels.apply.titleOf', { panel: panel.title });
  // The profile questions the panel's features ask are not asked again: their answers count
  // (profileFromPanelFeatures, on the server) when they mean one of the profile's.
  const asks = (key: string) => panel.features.some((feature) => feature.key === key);
  const hide = { ageBand: asks('ageBand'), gender: asks('gender') };

  if (done)
    return (
      <Page title={title}>
        <p className="notice" role="status">
          {t('panels.apply.thanks', {
            id: done.publicId,
            date: formatDay(done.retentionUntil, locale, 'long'),
          })}
        </p>
        <p>
          <Link href={`/panels/${panel.id}/audit`}>{t('panels.links.audit')}</Link>
        </p>
      </Page>
    );

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    const missing = [
      ...(name.trim() ? [] : ['name']),
      ...(email.trim() || phone.trim() ? [] : ['email']),
      ...panel.features.filter((f) => !features[f.key]).map((f) => f.key),
      ...(consent ? [] : ['consent']),
    ];
    const { ageBand, gender, ...rest } = profileOf(profileDraft);
    const profile = {
      ...rest,
      ...(hide.ageBand || !ageBand ? {} : { ageBand }),
      ...(hide.gender || !gender ? {} : { gender }),
    };
    if (Object.keys(profile).length > 0 && !profileConsent) missing.push('profileConsent');
    setInvalid(missing);
    if (missing.length > 0) {
      setMessage({ kind: 'error', text: t('panels.apply.missing') });
      return;
    }
    application.mutate({
      name: name.trim(),
      email: email.trim() || undefined,
      phone: phone.trim() || undefined,
      features,
      consent,
      ...(profileConsent ? { profile, profileConsent } : {}),
    });
  };

  if (!panel.callOpen)
    return (
      <Page title={title}>
        <p className="notice">{t('panels.apply.closed')}</p>
      </Page>
    );

  return (
    <Page title={title} intro={t('panels.apply.intro', { territory: panel.territoryName })}>
      <form className="stack-form" onSubmit={submit} noValidate>
        <label htmlFor="apply-name">{t('panels.apply.name')}</label>
        <input
          id="apply-name"
          autoComplete="name"
          value={name}
          maxLength={200}
          aria-invalid={invalid.includes('name')}
          onChange={(e) => setName(e.target.value)}
        />
        <label htmlFor="apply-email">{t('panels.apply.email')}</label>
        <input
          id="apply-email"
          type="email"
          autoComplete="email"
          value={email}
          aria-invalid={invalid.includes('email')}
          onChange={(e) => setEmail(e.target.value)}
        />
        <label htmlFor="apply-phone">{t('panels.apply.phone')}</label>
        <input
          id="apply-phone"
          type="tel"
          autoComplete="tel"
          value={phone}
          aria-invalid={invalid.includes('phone')}
          onChange={(e) => setPhone(e.target.value)}
        />
        {panel.features.map((feature) => (
          <div key={feature.key} className="stack-form" style={{ padding: 0 }}>
            <label htmlFor={`apply-${feature.key}`}>{feature.label}</label>
            <select
              id={`apply-${feature.key}`}
              value={features[feature.key] ?? ''}
              aria-invalid={invalid.includes(feature.key)}
              onChange={(e) => setFeatures((f) => ({ ...f, [feature.key]: e.target.value }))}
            >
              <option value="">{t('panels.apply.choose')}</option>
              {feature.values.map((value) => (
                <option key={value.value} value={value.value}>
                  {value.label}
                </option>
              ))}
            </select>
          </div>
        ))}
        <h2 id="apply-profile">{t('myData.profile.title')}</h2>
        <p className="muted">{t('myData.profile.intro')}</p>
        <ProfileFields
          draft={profileDraft}
          onChange={setProfileDraft}
          consent={profileConsent}
          onConsent={setProfileConsent}
          consentLabel={t('myData.profile.consent')}
          consentInvalid={invalid.includes('profileConsent')}
          hide={hide}
        />
        <p className="muted" id="apply-why">
          {t('panels.apply.why')}
        </p>
        <label className="choice" htmlFor="apply-consent">
          <input
            id="apply-consent"
            type="checkbox"
            checked={consent}
            aria-invalid={invalid.includes('consent')}
            aria-describedby="apply-why"
            onChange={(e) => setConsent(e.target.checked)}
          />
          {t('panels.apply.consent', { date: formatDay(panel.retentionUntil, locale, 'long') })}
        </label>
        <button type="submit" disabled={busy}>
          {t('panels.apply.submit')}
        </button>
        <Feedback message={message} />
      </form>
    </Page>
  );
}
