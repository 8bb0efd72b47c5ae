import { NavLink } from 'react-router';
import { useTranslation } from 'react-i18next';

/** The four views of shared knowledge, as a secondary navigation. */
export function KnowledgeNav() {
  const { t } = useTranslation();
  const links = [
    ['/knowledge', 'lessons'], ['/knowledge/peers', 'peers'], ['/knowledge/exchange', 'exchange'], ['/knowledge/graph', 'graph'],
  ] as const;
  return (
    <nav className="subnav" aria-label={t('knowledge.nav.label')}>
      <ul>
        {links.map(([to, key]) => (
          <li key={to}><NavLink to={to} end>{t(`knowledge.nav.${key}`)}</NavLink></li>
        ))}
      </ul>
    </nav>
  );
}
