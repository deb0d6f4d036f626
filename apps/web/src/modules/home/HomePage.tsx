import { Link } from 'wouter';
import { useI18n } from '@web/i18n/i18n';
import { Page } from '@web/shared/components/Page';

const AUDIENCES: Array<{
  href: string;
  key: 'participant' | 'public' | 'facilitator' | 'officials';
}> = [
  { href: '/join', key: 'participant' },
  { href: '/proposals', key: 'public' },
  { href: '/facilitator', key: 'facilitator' },
  { href: '/officials', key: 'officials' },
];

export function HomePage() {
  const { t } = useI18n();
  return (
    <Page title={t('home.title')} intro={t('home.intro')}>
      <ul className="cards audiences">
        {AUDIENCES.map(({ href, key }) => (
          <li key={key}>
            <Link href={href} className="card-link">
              <strong>{t(`home.audience.${key}.title`)}</strong>
              <span>{t(`home.audience.${key}.text`)}</span>
            </Link>
          </li>
        ))}
      </ul>
    </Page>
  );
}
