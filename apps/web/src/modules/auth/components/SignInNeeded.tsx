import { Link } from 'wouter';
import { useI18n } from '@web/i18n/i18n';

/** The way in for a signed-out visitor of a staff page. */
export function SignInNeeded({ text }: { text: string }) {
  const { t } = useI18n();
  return (
    <p className="notice">
      {text} <Link href="/login">{t('nav.signIn')}</Link>
    </p>
  );
}
