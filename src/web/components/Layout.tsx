import { Suspense, useEffect, useRef, type ReactNode } from 'react';
import { Link, NavLink, useLocation, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { LANGUAGES, changeLanguage, currentLanguage, type Language } from '../i18n/index.ts';
import { Loading } from './Status.tsx';
import { FEATURE_NAV } from '../features/index.ts';
import { shownTo } from '../features/registry.ts';
import { useSession } from '../session/session.tsx';

function AccountMenu() {
  const { t } = useTranslation();
  const { me, signOut } = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  if (me === undefined) return null;
  if (!me) {
    const next = location.pathname === '/sign-in' ? '' : `?next=${encodeURIComponent(location.pathname + location.search)}`;
    return (
      <Link to={`/sign-in${next}`} className="button button-secondary" data-testid="sign-in-link">
        {t('auth.menu.signIn')}
      </Link>
    );
  }
  return (
    <div className="account-menu" data-testid="account-menu">
      <Link to="/account" data-testid="account-link">{t('auth.menu.account', { name: me.displayName })}</Link>
      <button type="button" className="button button-secondary" data-testid="sign-out"
        onClick={() => void signOut().then(() => navigate('/'))}>
        {t('auth.menu.signOut')}
      </button>
    </div>
  );
}

function FeatureNav() {
  const { t } = useTranslation();
  const { me } = useSession();
  return (
    <>
      {FEATURE_NAV.filter((item) => shownTo(item.audience, me)).map((item) => (
        <li key={item.to}>
          <NavLink to={item.to}>{item.Label ? <item.Label /> : t(item.label)}</NavLink>
        </li>
      ))}
    </>
  );
}

function LanguageSelect() {
  const { t } = useTranslation();
  return (
    <div className="language">
      <label htmlFor="language-select">{t('language.label')}</label>
      <select
        id="language-select"
        data-testid="language-select"
        value={currentLanguage()}
        onChange={(event) => void changeLanguage(event.target.value as Language)}
      >
        {LANGUAGES.map((language) => (
          <option key={language} value={language} lang={language}>
            {language.toUpperCase()} · {t(`language.${language}`)}
          </option>
        ))}
      </select>
    </div>
  );
}

export function Layout({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const location = useLocation();
  const main = useRef<HTMLElement>(null);
  const firstRender = useRef(true);

  // After client-side navigation, move focus to the content so screen readers announce the new page.
  useEffect(() => {
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    main.current?.focus({ preventScroll: true });
    window.scrollTo(0, 0);
  }, [location.pathname]);

  return (
    <>
      <a className="skip-link" href="#main">
        {t('app.skipLink')}
      </a>
      <header className="site-header">
        <div className="container header-inner">
          <NavLink to="/" className="brand">
            <span className="brand-mark" aria-hidden="true">G</span>
            <span className="brand-text">
              <span className="brand-name">{t('app.name')}</span>
              <span className="brand-tagline">{t('app.tagline')}</span>
            </span>
          </NavLink>
          <div className="header-tools">
            <LanguageSelect />
            <AccountMenu />
          </div>
        </div>
        <nav className="site-nav" aria-label={t('nav.label')}>
          <ul className="container">
            <li>
              <NavLink to="/" end>
                {t('nav.search')}
              </NavLink>
            </li>
            <li>
              <NavLink to="/gads">{t('nav.gads')}</NavLink>
            </li>
            <li>
              <NavLink to="/partners">{t('nav.partners')}</NavLink>
            </li>
            <FeatureNav />
          </ul>
        </nav>
      </header>
      <main id="main" ref={main} tabIndex={-1} className="container site-main">
        <Suspense fallback={<Loading />}>{children}</Suspense>
      </main>
      <footer className="site-footer">
        <div className="container">
          <p>{t('app.footerSource')}</p>
          <p>
            {t('app.footerLicense')} <a href="/api/openapi.json">{t('app.footerApi')}</a>
          </p>
        </div>
      </footer>
    </>
  );
}
