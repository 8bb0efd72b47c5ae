import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { ActionSummary } from '../api/client.ts';
import { IllustrativeBadge, TypeBadge, VisibilityBadge } from './Badges.tsx';
import { formatDateRange } from './format.ts';
import { useReference } from './useReference.ts';

export function ActionItem({ action, headingLevel = 3 }: { action: ActionSummary; headingLevel?: 2 | 3 }) {
  const { t, i18n } = useTranslation();
  const { countryName } = useReference();
  const locale = i18n.resolvedLanguage ?? 'es';
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  const dates = formatDateRange(action.startDate, action.endDate, locale, action.datePrecision);
  const place = [action.city, countryName(action.country)].filter(Boolean).join(', ');
  return (
    <li className="card result" data-testid="result-item">
      <div className="badges">
        <TypeBadge type={action.type} />
        {action.illustrative && <IllustrativeBadge />}
        {action.visibility !== 'public' && <VisibilityBadge visibility={action.visibility} />}
      </div>
      <Heading className="result-title">
        <Link to={`/actions/${action.id}`}>{action.title}</Link>
      </Heading>
      <p className="result-meta">
        <Link to={`/gads/${action.gad.dpaCode || action.gad.id}`}>{action.gad.name}</Link>
        {dates && (
          <>
            <span aria-hidden="true"> · </span>
            <span>{dates}</span>
          </>
        )}
        {place && (
          <>
            <span aria-hidden="true"> · </span>
            <span>{place}</span>
          </>
        )}
      </p>
      {action.snippet && <p className="result-snippet">{action.snippet}</p>}
      {action.partners.length > 0 && (
        <p className="result-partners">
          <span className="muted">{t('search.partners')}: </span>
          {action.partners.map((p, i) => (
            <span key={`${p.id}-${p.role ?? ''}`}>
              {i > 0 && ', '}
              <Link to={`/partners/${p.id}`}>{p.name}</Link>
            </span>
          ))}
        </p>
      )}
    </li>
  );
}
