import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client.ts';

export function Loading() {
  const { t } = useTranslation();
  return (
    <p className="loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" />
      {t('common.loading')}
    </p>
  );
}

export function ErrorMessage({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useTranslation();
  const detail =
    error instanceof ApiError ? (error.detail ?? error.title) : error instanceof Error ? error.message : String(error);
  const fields = error instanceof ApiError ? error.errors : [];
  return (
    <div className="alert alert-error" role="alert">
      <h2 className="alert-title">{t('common.errorTitle')}</h2>
      <p>{detail}</p>
      {fields.length > 0 && (
        <ul>
          {fields.map((f) => (
            <li key={`${f.field}:${f.message}`}>
              <code>{f.field}</code>: {f.message}
            </li>
          ))}
        </ul>
      )}
      {onRetry && (
        <button type="button" className="button button-secondary" onClick={onRetry}>
          {t('common.retry')}
        </button>
      )}
    </div>
  );
}

export function isNotFound(error: unknown): boolean {
  return error instanceof ApiError && error.status === 404;
}
