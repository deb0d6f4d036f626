import type { ClusteringSuggestions, IdeaView, ThemeView } from '@permanente/contracts';
import { FormEvent, useState } from 'react';
import { useI18n } from '../../../i18n/i18n';
import { ConfirmAction } from '../../../shared/components/ConfirmAction';
import { Feedback } from '../../../shared/components/Feedback';
import type { LiveState } from '../../live/live-state';
import { facilitatorApi } from '../api/facilitator.api';
import { groupByTheme, mergeOrder, type ClusterEntry } from '../clustering';
import { useAction } from './useAction';

type Action = ReturnType<typeof useAction>;

/**
 * Clustering: themes and duplicates. Every choice is a plain `<select>` rather than drag and
 * drop: it works with the keyboard, a switch or a screen reader, on any screen.
 */
export function ClusteringPanel({ workshopId, state }: { workshopId: string; state: LiveState }) {
  const { t } = useI18n();
  const action = useAction();
  const groups = groupByTheme(state.ideas, state.themes);
  const originals = state.ideas.filter((idea) => !idea.hidden && !idea.duplicateOf);
  return (
    <section aria-labelledby="clustering-heading">
      <h2 id="clustering-heading">{t('console.clustering.title')}</h2>
      <p className="muted">{t('console.clustering.intro')}</p>
      <NewThemeForm workshopId={workshopId} action={action} />
      {groups.length === 0 && <p>{t('console.board.empty')}</p>}
      {groups.map((group) => (
        <div key={group.theme?.id ?? 'none'} className="cluster-theme">
          {group.theme ? (
            <ThemeHeading workshopId={workshopId} theme={group.theme} action={action} />
          ) : (
            <h3>{t('console.clustering.noTheme')}</h3>
          )}
          {group.entries.length === 0 ? (
            <p className="muted">{t('console.clustering.themeEmpty')}</p>
          ) : (
            <ul className="cluster-ideas">
              {group.entries.map((entry) => (
                <EntryItem
                  key={entry.idea.id}
                  workshopId={workshopId}
                  entry={entry}
                  themes={state.themes}
                  originals={originals}
                  action={action}
                />
              ))}
            </ul>
          )}
        </div>
      ))}
      <Feedback message={action.message} />
      <Suggestions workshopId={workshopId} state={state} action={action} />
    </section>
  );
}

function NewThemeForm({ workshopId, action }: { workshopId: string; action: Action }) {
  const { t } = useI18n();
  const [name, setName] = useState('');
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!name.trim()) {
      action.setMessage({ kind: 'error', text: t('console.clustering.missingName') });
      return;
    }
    const done = await action.run((headers) =>
      facilitatorApi.createTheme(workshopId, name.trim(), headers),
    );
    if (done) setName('');
  };
  return (
    <form className="inline-form" onSubmit={submit} noValidate>
      <label htmlFor="new-theme">{t('console.clustering.newTheme')}</label>
      <input
        id="new-theme"
        value={name}
        onChange={(event) => setName(event.target.value)}
        maxLength={120}
      />
      <button type="submit" disabled={action.busy}>
        {t('console.clustering.addTheme')}
      </button>
    </form>
  );
}

function ThemeHeading({
  workshopId,
  theme,
  action,
}: {
  workshopId: string;
  theme: ThemeView;
  action: Action;
}) {
  const { t } = useI18n();
  const [editing, setEditing] = useState(false);
  const [name, setName] = useState(theme.name);
  const inputId = `theme-name-${theme.id}`;
  const rename = async (event: FormEvent) => {
    event.preventDefault();
    if (!name.trim()) {
      action.setMessage({ kind: 'error', text: t('console.clustering.missingName') });
      return;
    }
    const done = await action.run((headers) =>
      facilitatorApi.renameTheme(workshopId, theme.id, name.trim(), headers),
    );
    if (done) setEditing(false);
  };
  return (
    <>
      <h3>{theme.name}</h3>
      {editing ? (
        <form className="inline-form" onSubmit={rename} noValidate>
          <label htmlFor={inputId}>{t('console.clustering.themeName', { name: theme.name })}</label>
          <input
            id={inputId}
            value={name}
            onChange={(event) => setName(event.target.value)}
            maxLength={120}
          />
          <button type="submit" disabled={action.busy}>
            {t('console.clustering.save')}
          </button>
          <button type="button" className="button" onClick={() => setEditing(false)}>
            {t('console.clustering.cancel')}
          </button>
        </form>
      ) : (
        <div className="button-row">
          <button
            type="button"
            className="button"
            onClick={() => {
              setName(theme.name);
              setEditing(true);
            }}
          >
            {t('console.clustering.rename', { name: theme.name })}
          </button>
          <ConfirmAction
            label={t('console.clustering.delete', { name: theme.name })}
            question={t('console.clustering.confirmDelete', { name: theme.name })}
            confirmLabel={t('console.clustering.confirmDeleteButton')}
            onConfirm={() =>
              void action.run((headers) =>
                facilitatorApi.deleteTheme(workshopId, theme.id, headers),
              )
            }
            busy={action.busy}
          />
        </div>
      )}
    </>
  );
}

function EntryItem({
  workshopId,
  entry,
  themes,
  originals,
  action,
}: {
  workshopId: string;
  entry: ClusterEntry;
  themes: ThemeView[];
  originals: IdeaView[];
  action: Action;
}) {
  return (
    <li>
      <IdeaControls
        workshopId={workshopId}
        idea={entry.idea}
        themes={themes}
        originals={originals}
        action={action}
      />
      {entry.duplicates.length > 0 && (
        <ul className="cluster-duplicates">
          {entry.duplicates.map((duplicate) => (
            <li key={duplicate.id}>
              <IdeaControls
                workshopId={workshopId}
                idea={duplicate}
                themes={themes}
                originals={originals}
                action={action}
              />
            </li>
          ))}
        </ul>
      )}
    </li>
  );
}

function IdeaControls({
  workshopId,
  idea,
  themes,
  originals,
  action,
}: {
  workshopId: string;
  idea: IdeaView;
  themes: ThemeView[];
  originals: IdeaView[];
  action: Action;
}) {
  const { t } = useI18n();
  const classify = (request: { themeId?: string | null; duplicateOf?: string | null }) =>
    action.run((headers) => facilitatorApi.classify(workshopId, idea.id, request, headers));
  const themeSelect = `idea-theme-${idea.id}`;
  const duplicateSelect = `idea-duplicate-${idea.id}`;
  const forIdea = (
    <span className="visually-hidden"> {t('console.clustering.forIdea', { idea: idea.text })}</span>
  );
  return (
    <div className="cluster-idea">
      <p className="cluster-text">{idea.text}</p>
      <div className="cluster-controls">
        {!idea.duplicateOf && (
          <span>
            <label htmlFor={themeSelect}>
              {t('console.clustering.theme')}
              {forIdea}
            </label>
            <select
              id={themeSelect}
              value={idea.themeId ?? ''}
              disabled={action.busy}
              onChange={(event) => void classify({ themeId: event.target.value || null })}
            >
              <option value="">{t('console.clustering.themeNone')}</option>
              {themes.map((theme) => (
                <option key={theme.id} value={theme.id}>
                  {theme.name}
                </option>
              ))}
            </select>
          </span>
        )}
        <span>
          <label htmlFor={duplicateSelect}>
            {t('console.clustering.duplicateOf')}
            {forIdea}
          </label>
          <select
            id={duplicateSelect}
            value={idea.duplicateOf ?? ''}
            disabled={action.busy}
            onChange={(event) => void classify({ duplicateOf: event.target.value || null })}
          >
            <option value="">{t('console.clustering.notDuplicate')}</option>
            {originals
              .filter((original) => original.id !== idea.id)
              .map((original) => (
                <option key={original.id} value={original.id}>
                  {original.text}
                </option>
              ))}
          </select>
        </span>
      </div>
    </div>
  );
}

function Suggestions({
  workshopId,
  state,
  action,
}: {
  workshopId: string;
  state: LiveState;
  action: Action;
}) {
  const { t } = useI18n();
  const [suggestions, setSuggestions] = useState<ClusteringSuggestions | null>(null);
  const [created, setCreated] = useState<string[]>([]);
  const load = () =>
    action.run(async () => {
      setSuggestions(await facilitatorApi.suggestions(workshopId));
      setCreated([]);
    });
  const text = (id: string) => state.ideas.find((idea) => idea.id === id)?.text ?? '';
  const pairs = (suggestions?.duplicates ?? [])
    .map((pair) => mergeOrder(state.ideas, pair.ideaIds))
    .filter((pair): pair is NonNullable<typeof pair> => !!pair && !pair.duplicate.duplicateOf);
  const groups = (suggestions?.groups ?? []).filter(
    (group, index) => !created.includes(`${index}:${group.label}`),
  );
  const createGroup = (group: { ideaIds: string[]; label: string }, key: string) =>
    action.run(async (headers) => {
      const theme = await facilitatorApi.createTheme(workshopId, group.label, headers);
      // A merged duplicate follows its original: only originals are classified.
      const originalIds = group.ideaIds.filter(
        (id) => !state.ideas.find((idea) => idea.id === id)?.duplicateOf,
      );
      for (const ideaId of originalIds)
        await facilitatorApi.classify(workshopId, ideaId, { themeId: theme.id }, headers);
      setCreated((done) => [...done, key]);
    });
  return (
    <section className="suggestions" aria-labelledby="suggestions-heading">
      <h3 id="suggestions-heading">{t('console.clustering.suggestionsTitle')}</h3>
      <button type="button" className="button" disabled={action.busy} onClick={() => void load()}>
        {t('console.clustering.suggest')}
      </button>
      {suggestions && pairs.length === 0 && groups.length === 0 && (
        <p>{t('console.clustering.noSuggestion')}</p>
      )}
      {pairs.length > 0 && (
        <ul aria-label={t('console.clustering.duplicatesLabel')}>
          {pairs.map(({ original, duplicate }) => (
            <li key={duplicate.id}>
              <p>
                {t('console.clustering.pair', {
                  duplicate: duplicate.text,
                  original: original.text,
                })}
              </p>
              <button
                type="button"
                className="button"
                disabled={action.busy}
                aria-label={t('console.clustering.mergeLabel', {
                  duplicate: duplicate.text,
                  original: original.text,
                })}
                onClick={() =>
                  void action.run((headers) =>
                    facilitatorApi.classify(
                      workshopId,
                      duplicate.id,
                      { duplicateOf: original.id },
                      headers,
                    ),
                  )
                }
              >
                {t('console.clustering.merge')}
              </button>
            </li>
          ))}
        </ul>
      )}
      {groups.length > 0 && (
        <ul aria-label={t('console.clustering.groupsLabel')}>
          {suggestions?.groups.map((group, index) => {
            const key = `${index}:${group.label}`;
            if (created.includes(key)) return null;
            return (
              <li key={key}>
                <p>
                  {t('console.clustering.group', {
                    ideas: group.ideaIds.map((id) => `« ${text(id)} »`).join(', '),
                  })}
                </p>
                <button
                  type="button"
                  className="button"
                  disabled={action.busy}
                  onClick={() => void createGroup(group, key)}
                >
                  {t('console.clustering.createGroup', { label: group.label })}
                </button>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
