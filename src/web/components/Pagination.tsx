import { useTranslation } from 'react-i18next';
import { formatNumber } from './format.ts';

interface Props {
  total: number;
  limit: number;
  offset: number;
  onChange: (offset: number) => void;
}

export function Pagination({ total, limit, offset, onChange }: Props) {
  const { t, i18n } = useTranslation();
  if (total <= limit) return null;
  const page = Math.floor(offset / limit) + 1;
  const pages = Math.ceil(total / limit);
  const locale = i18n.resolvedLanguage ?? 'es';
  return (
    <nav className="pagination" aria-label={t('common.pagination')}>
      <button type="button" className="button button-secondary" disabled={page <= 1} onClick={() => onChange(Math.max(0, offset - limit))}>
        <span aria-hidden="true">← </span>
        {t('common.previous')}
      </button>
      <span className="pagination-status" aria-live="polite">
        {t('common.pageOf', { page: formatNumber(page, locale), pages: formatNumber(pages, locale) })}
      </span>
      <button type="button" className="button button-secondary" disabled={page >= pages} onClick={() => onChange(offset + limit)}>
        {t('common.next')}
        <span aria-hidden="true"> →</span>
      </button>
    </nav>
  );
}
