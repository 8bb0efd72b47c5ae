import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { usePageTitle } from '../components/usePageTitle.ts';

export default function NotFoundPage() {
  const { t } = useTranslation();
  usePageTitle(t('notFound.title'));
  return (
    <div className="narrow" data-testid="not-found">
      <h1>{t('notFound.title')}</h1>
      <p className="lead">{t('notFound.body')}</p>
      <p>
        <Link to="/" className="button">
          {t('notFound.home')}
        </Link>
      </p>
    </div>
  );
}
