import { useMutation } from '@tanstack/react-query';
import type {
  CreateWorkshopRequest,
  TerritoryTreeNode,
  WorkshopResponse,
} from '@permanente/contracts';
import { FormEvent, useState } from 'react';
import { Link, useLocation } from 'wouter';
import { useI18n } from '@web/i18n/i18n';
import { errorReason } from '@web/shared/api/error-reason';
import { LoadError, Loading } from '@web/shared/components/ApiStatus';
import { Feedback, type FeedbackMessage } from '@web/shared/components/Feedback';
import { Page } from '@web/shared/components/Page';
import { useApiQuery, useInvalidate } from '@web/shared/query/useApiQuery';
import { queryKeys } from '@web/shared/query/query-keys';
import { useAuth } from '@web/modules/auth/AuthProvider';
import { territoriesApi } from '@web/modules/territories/api/territories.api';
import { facilitatorApi } from '../api/facilitator.api';
import { FACILITATION, RequireRole } from '@web/modules/auth/components/RequireRole';

/** `/facilitator`: the workshops in the staff member's scope, and a form to create one. */
export function FacilitatorHomePage() {
  const { t } = useI18n();
  return (
    <RequireRole
      title={t('facilitator.title')}
      roles={FACILITATION}
      refusal="facilitator.notAllowed"
    >
      <FacilitatorHome />
    </RequireRole>
  );
}

function FacilitatorHome() {
  const { t } = useI18n();
  const workshops = useApiQuery(queryKeys.workshops.list, (signal) => facilitatorApi.list(signal));
  return (
    <Page title={t('facilitator.title')} intro={t('facilitator.intro')}>
      <p>
        <Link href="/facilitator/field">{t('field.link')}</Link>
      </p>
      <section aria-labelledby="workshops-heading">
        <h2 id="workshops-heading">{t('facilitator.workshops')}</h2>
        {workshops.isPending && <Loading />}
        {workshops.isError && (
          <LoadError error={workshops.error} onRetry={() => void workshops.refetch()} />
        )}
        {workshops.isSuccess && <WorkshopList workshops={workshops.data} />}
      </section>
      <section aria-labelledby="create-heading">
        <h2 id="create-heading">{t('facilitator.create.title')}</h2>
        <CreateWorkshopForm />
      </section>
    </Page>
  );
}

function WorkshopList({ workshops }: { workshops: WorkshopResponse[] }) {
  const { t } = useI18n();
  if (workshops.length === 0) return <p>{t('facilitator.none')}</p>;
  return (
    <ul className="cards">
      {workshops.map((workshop) => (
        <li key={workshop.id}>
          <Link href={`/facilitator/w/${workshop.id}`}>{workshop.title}</Link>
          <p className="muted">
            {t(`workshop.status.${workshop.status}`)} ·{' '}
            {t('facilitator.codeShort', { code: workshop.code })}
            {workshop.place ? ` · ${workshop.place}` : ''}
          </p>
        </li>
      ))}
    </ul>
  );
}

/** The bassins de vie of the tree, with their département for context. */
function bassins(
  nodes: TerritoryTreeNode[],
  parent?: string,
): Array<{ id: string; label: string }> {
  return nodes.flatMap((node) =>
    node.level === 'bassin_de_vie'
      ? [{ id: node.id, label: parent ? `${node.name} (${parent})` : node.name }]
      : bassins(node.children, node.level === 'departement' ? node.name : parent),
  );
}

function CreateWorkshopForm() {
  const { t } = useI18n();
  const { csrfHeaders } = useAuth();
  const [, navigate] = useLocation();
  const invalidate = useInvalidate();
  const tree = useApiQuery(queryKeys.territories.tree, (signal) => territoriesApi.tree(signal));
  const [title, setTitle] = useState('');
  const [territoryId, setTerritoryId] = useState('');
  const [place, setPlace] = useState('');
  const [message, setMessage] = useState<FeedbackMessage | null>(null);
  const create = useMutation({
    mutationFn: (request: CreateWorkshopRequest) => facilitatorApi.create(request, csrfHeaders()),
    onMutate: () => setMessage(null),
    onSuccess: async (created) => {
      await invalidate(queryKeys.workshops.list);
      navigate(`/facilitator/w/${created.id}`);
    },
    onError: (error) =>
      setMessage({
        kind: 'error',
        text: t('facilitator.failed', { reason: errorReason(error, t) }),
      }),
  });
  const busy = create.isPending;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    if (!title.trim() || !territoryId) {
      setMessage({ kind: 'error', text: t('facilitator.create.missing') });
      return;
    }
    create.mutate({ title: title.trim(), territoryId, place: place.trim() || null });
  };

  const options = tree.isSuccess ? bassins(tree.data) : [];
  return (
    <form className="stack-form" onSubmit={submit} noValidate>
      <label htmlFor="workshop-title">{t('facilitator.create.name')}</label>
      <input
        id="workshop-title"
        value={title}
        onChange={(event) => setTitle(event.target.value)}
        maxLength={200}
      />
      <label htmlFor="workshop-territory">{t('facilitator.create.territory')}</label>
      <select
        id="workshop-territory"
        value={territoryId}
        onChange={(event) => setTerritoryId(event.target.value)}
      >
        <option value="">{t('facilitator.create.chooseTerritory')}</option>
        {options.map((option) => (
          <option key={option.id} value={option.id}>
            {option.label}
          </option>
        ))}
      </select>
      {tree.isError && <LoadError error={tree.error} onRetry={() => void tree.refetch()} />}
      <label htmlFor="workshop-place">{t('facilitator.create.place')}</label>
      <input
        id="workshop-place"
        value={place}
        onChange={(event) => setPlace(event.target.value)}
        maxLength={200}
      />
      <button type="submit">{t('facilitator.create.submit')}</button>
      <Feedback message={message} />
    </form>
  );
}
