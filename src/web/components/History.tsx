import { useTranslation } from 'react-i18next';
import { api } from '../api/client.ts';
import { ErrorMessage, Loading } from './Status.tsx';
import { formatDateTime } from './format.ts';
import { useApi } from './useApi.ts';

/** An update's diff holds `before` and `after` snapshots; list the fields whose values differ. */
function changedFields(diff: unknown): string[] {
  if (!diff || typeof diff !== 'object') return [];
  const { before, after } = diff as { before?: Record<string, unknown>; after?: Record<string, unknown> };
  if (!before || !after) return [];
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...keys].filter((k) => !['version', 'updatedAt'].includes(k) && JSON.stringify(before[k]) !== JSON.stringify(after[k]));
}

export function History({ actionId }: { actionId: string }) {
  const { t, i18n } = useTranslation();
  const locale = i18n.resolvedLanguage ?? 'es';
  const result = useApi((signal) => api.actionHistory(actionId, signal), [actionId]);
  if (result.status === 'loading') return <Loading />;
  if (result.status === 'error') return <ErrorMessage error={result.error} onRetry={result.reload} />;
  if (result.data.items.length === 0) return <p className="muted">{t('action.historyEmpty')}</p>;
  return (
    <ol className="history" data-testid="history">
      {result.data.items.map((entry) => {
        const fields = changedFields(entry.diff);
        return (
          <li key={entry.id}>
            <time dateTime={entry.at}>{formatDateTime(entry.at, locale)}</time>{' '}
            <strong>{t(`operation.${entry.operation}`, { defaultValue: entry.operation })}</strong>{' '}
            <span className="muted">{t('action.by', { actor: entry.actor ?? t('action.system') })}</span>
            {entry.operation === 'update' && fields.length > 0 && (
              <div className="small muted">{t('action.changedFields', { fields: fields.join(', ') })}</div>
            )}
          </li>
        );
      })}
    </ol>
  );
}
