import { useEffect, useState } from 'react';
import { useI18n } from '@web/i18n/i18n';

const format = (seconds: number) =>
  `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;

/** The time left on an activity's timer, ticking every second. */
export function Countdown({ endsAt, className }: { endsAt: string; className?: string }) {
  const { t } = useI18n();
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const handle = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(handle);
  }, []);
  const left = Math.max(0, Math.round((new Date(endsAt).getTime() - now) / 1000));
  return (
    <p className={className ?? 'countdown'}>
      {left > 0 ? t('live.timer.left', { time: format(left) }) : t('live.timer.over')}
    </p>
  );
}
