import { lazy, type ReactNode, Suspense, useCallback, useEffect, useMemo, useRef, useState } from "react";
import type { SessionInfo, UnitRow } from "../../api/manager.ts";
import { loadLocale, saveLocale } from "../autosave.ts";
import { LanguageSwitch } from "../components/LanguageSwitch.tsx";
import type { Locale } from "../i18n.ts";
import { api, setUnauthorizedHandler } from "./api.ts";
import { Loading } from "./components/Bits.tsx";
import { Manager, type ManagerContext, useManager } from "./context.ts";
import { errorText, mstrings } from "./i18n.ts";
import { AccountsPage } from "./pages/AccountsPage.tsx";
import { AuditPage } from "./pages/AuditPage.tsx";
import { CampaignsPage } from "./pages/CampaignsPage.tsx";
import { CampaignPage } from "./pages/campaign/CampaignPage.tsx";
import { importStrings } from "./pages/form-import/strings.ts";
import { FormsPage } from "./pages/forms/FormsPage.tsx";
import { MyAccountPage } from "./pages/MyAccountPage.tsx";
import { NewCampaignPage } from "./pages/NewCampaignPage.tsx";
import { SignInPage } from "./pages/SignInPage.tsx";
import { UnitsPage } from "./pages/units/UnitsPage.tsx";
import { Link, navigate, useLocation } from "./router.tsx";
import "./manager.css";

// The QR library is only needed for printing.
const PrintPage = lazy(() => import("./pages/PrintPage.tsx").then((m) => ({ default: m.PrintPage })));
// Chart.js comes with the results pages only.
const ResultsPage = lazy(() => import("./pages/ResultsPage.tsx").then((m) => ({ default: m.ResultsPage })));
// The import page carries survey-core for its preview: loaded only when opened.
const FormImportPage = lazy(() =>
  import("./pages/form-import/FormImportPage.tsx").then((m) => ({ default: m.FormImportPage })),
);
const ReportPage = lazy(() => import("./pages/ReportPage.tsx").then((m) => ({ default: m.ReportPage })));

type SessionState =
  | { name: "checking" }
  | { name: "offline" }
  | { name: "out" }
  | { name: "in"; session: SessionInfo };

export function ManagerApp() {
  const [locale, setLocale] = useState<Locale>(() => loadLocale() ?? "vi");
  const [state, setState] = useState<SessionState>({ name: "checking" });
  const [units, setUnits] = useState<UnitRow[] | null>(null);
  const [unitsError, setUnitsError] = useState<string | null>(null);
  const t = mstrings[locale];

  const check = useCallback(async () => {
    setState({ name: "checking" });
    const r = await api.session();
    if (r.ok) setState({ name: "in", session: r.data });
    else setState(r.status === 0 ? { name: "offline" } : { name: "out" });
  }, []);

  useEffect(() => {
    setUnauthorizedHandler(() => {
      setState({ name: "out" });
      setUnits(null);
    });
    void check();
  }, [check]);

  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);

  const localeRef = useRef(locale);
  localeRef.current = locale;
  const reloadUnits = useCallback(async () => {
    const r = await api.units();
    if (r.ok) {
      setUnits(r.data.units);
      setUnitsError(null);
    } else setUnitsError(errorText(r.error, r.status, localeRef.current));
  }, []);

  const signedIn = state.name === "in";
  useEffect(() => {
    if (signedIn) void reloadUnits();
  }, [signedIn, reloadUnits]);

  const changeLocale = (l: Locale) => {
    setLocale(l);
    saveLocale(l);
  };

  const ctx = useMemo<ManagerContext | null>(
    () =>
      state.name === "in"
        ? { account: state.session.account, locale, t, units, unitsError, reloadUnits }
        : null,
    [state, locale, t, units, unitsError, reloadUnits],
  );

  if (state.name === "checking")
    return (
      <main className="mgr-page">
        <p className="card muted" role="status">
          {t.loading}
        </p>
      </main>
    );
  if (state.name === "offline")
    return (
      <main className="mgr-page">
        <div className="card" role="alert">
          <p>{t.errors.network}</p>
          <button type="button" className="button" onClick={() => void check()}>
            {t.retry}
          </button>
        </div>
      </main>
    );
  if (!ctx)
    return (
      <SignInPage
        locale={locale}
        onLocale={changeLocale}
        onSignedIn={(session) => setState({ name: "in", session })}
      />
    );

  const signOut = async () => {
    await api.signOut();
    setState({ name: "out" });
    setUnits(null);
    navigate("/");
  };

  return (
    <Manager.Provider value={ctx}>
      <Layout onLocale={changeLocale} onSignOut={() => void signOut()} />
    </Manager.Provider>
  );
}

function Layout({ onLocale, onSignOut }: { onLocale: (l: Locale) => void; onSignOut: () => void }) {
  const { path, query } = useLocation();
  const ctx = useManager();
  const { account, t, locale, units } = ctx;
  const page = route(path, query);
  const admin = account.role === "admin";
  const unitName = account.unitCode
    ? (units?.find((u) => u.code === account.unitCode)?.name ?? account.unitCode)
    : t.nav.allUnits;

  // Keyboard and screen-reader users land on the new page's heading after each navigation.
  const shownPath = useRef(path);
  useEffect(() => {
    if (shownPath.current === path) return;
    shownPath.current = path;
    const h1 = document.querySelector<HTMLElement>("main h1");
    if (h1) {
      h1.tabIndex = -1;
      h1.focus({ preventScroll: true });
    }
  }, [path]);

  const item = (href: string, label: string, section: string) => (
    <li>
      <Link href={href} aria-current={page.section === section ? "page" : undefined}>
        {label}
      </Link>
    </li>
  );

  return (
    <div className="mgr">
      <header className="mgr-top no-print">
        <Link href="/" className="brand">
          {t.appName}
        </Link>
        <nav aria-label={t.nav.label} className="mgr-nav">
          <ul>
            {item("/", t.nav.campaigns, "campaigns")}
            {item("/manage/units", t.nav.units, "units")}
            {item("/manage/forms", t.nav.forms, "forms")}
            {admin && item("/manage/accounts", t.nav.accounts, "accounts")}
            {admin && item("/manage/audit", t.nav.audit, "audit")}
            {admin && item("/manage/forms/import", importStrings[locale].nav, "form-import")}
          </ul>
        </nav>
        <div className="mgr-account">
          <span className="who" data-testid="account">
            <Link href="/manage/me" aria-current={page.section === "me" ? "page" : undefined}>
              <strong>{account.username}</strong>
            </Link>
            <span>
              {t.roles[account.role]} · {unitName}
            </span>
          </span>
          <LanguageSwitch locale={locale} onChange={onLocale} />
          <button type="button" className="button secondary small" onClick={onSignOut}>
            {t.nav.signOut}
          </button>
        </div>
      </header>
      <main className={page.section === "print" || page.section === "report" ? "mgr-page wide" : "mgr-page"}>
        {page.element}
      </main>
    </div>
  );
}

function route(path: string, query: URLSearchParams): { section: string; element: ReactNode } {
  if (path === "/" || path === "/manage" || path === "/manage/campaigns")
    return { section: "campaigns", element: <CampaignsPage /> };
  if (path === "/manage/campaigns/new") return { section: "campaigns", element: <NewCampaignPage /> };
  const print = /^\/manage\/campaigns\/(\d+)\/print$/.exec(path);
  if (print?.[1])
    return {
      section: "print",
      element: later(<PrintPage id={print[1]} unit={query.get("unit") ?? ""} />),
    };
  const results = /^\/manage\/campaigns\/(\d+)\/results$/.exec(path);
  if (results?.[1])
    return {
      section: "campaigns",
      element: later(
        <ResultsPage id={results[1]} unit={query.get("unit") ?? ""} compare={query.get("compare") ?? ""} />,
      ),
    };
  const report = /^\/manage\/campaigns\/(\d+)\/report$/.exec(path);
  if (report?.[1])
    return {
      section: "report",
      element: later(
        <ReportPage id={report[1]} unit={query.get("unit") ?? ""} compare={query.get("compare") ?? ""} />,
      ),
    };
  const campaign = /^\/manage\/campaigns\/(\d+)$/.exec(path);
  if (campaign?.[1])
    return {
      section: "campaigns",
      element: <CampaignPage key={campaign[1]} id={campaign[1]} unit={query.get("unit") ?? ""} />,
    };
  if (path === "/manage/forms/import") return { section: "form-import", element: later(<FormImportPage />) };
  if (path === "/manage/units") return { section: "units", element: <UnitsPage /> };
  if (path === "/manage/forms")
    return { section: "forms", element: <FormsPage unit={query.get("unit") ?? ""} /> };
  if (path === "/manage/accounts") return { section: "accounts", element: <AccountsPage /> };
  if (path === "/manage/audit") return { section: "audit", element: <AuditPage /> };
  if (path === "/manage/me") return { section: "me", element: <MyAccountPage /> };
  return { section: "", element: <NotFound /> };
}

/** A page whose code is loaded on first use, with "loading" until it is there. */
function later(page: ReactNode): ReactNode {
  return <Suspense fallback={<Loading />}>{page}</Suspense>;
}

function NotFound() {
  const { t } = useManager();
  return (
    <section className="card">
      <h1>{t.notFound}</h1>
      <p>
        <Link href="/">{t.nav.campaigns}</Link>
      </p>
    </section>
  );
}
