import { lazy } from 'react';
import { BrowserRouter, Route, Routes } from 'react-router';
import { Layout } from './components/Layout.tsx';
import { FEATURE_ROUTES } from './features/index.ts';
import { SessionProvider } from './session/session.tsx';

const SearchPage = lazy(() => import('./pages/SearchPage.tsx'));
const GadsPage = lazy(() => import('./pages/GadsPage.tsx'));
const GadProfilePage = lazy(() => import('./pages/GadProfilePage.tsx'));
const ActionPage = lazy(() => import('./pages/ActionPage.tsx'));
const PartnersPage = lazy(() => import('./pages/PartnersPage.tsx'));
const PartnerPage = lazy(() => import('./pages/PartnerPage.tsx'));
const NotFoundPage = lazy(() => import('./pages/NotFoundPage.tsx'));

export function App() {
  return (
    <SessionProvider>
      <BrowserRouter>
        <Layout>
          <Routes>
            <Route path="/" element={<SearchPage />} />
            <Route path="/gads" element={<GadsPage />} />
            <Route path="/gads/:ref" element={<GadProfilePage />} />
            <Route path="/actions/:id" element={<ActionPage />} />
            <Route path="/partners" element={<PartnersPage />} />
            <Route path="/partners/:id" element={<PartnerPage />} />
            {FEATURE_ROUTES.map((route) => (
              <Route key={route.path} path={route.path} element={route.element} />
            ))}
            <Route path="*" element={<NotFoundPage />} />
          </Routes>
        </Layout>
      </BrowserRouter>
    </SessionProvider>
  );
}
