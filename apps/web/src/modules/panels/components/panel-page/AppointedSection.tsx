import type { PanelResponse } from '@permanente/contracts';
import { FormEvent, useState } from 'react';
import { useI18n } from '@web/i18n/i18n';
import { Feedback } from '@web/shared/components/Feedback';
import { panelsApi } from '@web/modules/panels/api/panels.api';
import { useWrite } from '@web/modules/panels/hooks/useWrite';
import type { Refresh } from '@web/modules/panels/hooks/useWrite';

export function AppointedSection({ panel, refresh }: { panel: PanelResponse; refresh: Refresh }) {
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
