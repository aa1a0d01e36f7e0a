import { lazy, StrictMode, Suspense } from "react";
import { createRoot } from "react-dom/client";
import { clientPage } from "../api/client-paths.ts";
import { getAccess } from "./api.ts";
import { loadLocale } from "./autosave.ts";
import { NotFoundPage } from "./components/NotFoundPage.tsx";
import { strings } from "./i18n.ts";
import "./styles.css";
import "./a11y.css";

// survey-core is most of the weight; only the form page loads it.
const FormPage = lazy(() => import("./pages/FormPage.tsx").then((m) => ({ default: m.FormPage })));
// Managers' pages (sign-in, campaigns, codes, units, accounts) are a chunk of their own: respondents never load it.
const ManagerApp = lazy(() => import("./manager/ManagerApp.tsx").then((m) => ({ default: m.ManagerApp })));

function route(pathname: string) {
  const page = clientPage(pathname);
  if (page.kind === "form") {
    const { code } = page;
    // Started now so the request runs while the form page's code downloads.
    const initial = getAccess(code);
    return (
      <Suspense
        fallback={
          <main className="page">
            <p className="card muted">{strings[loadLocale() ?? "vi"].loading}</p>
          </main>
        }
      >
        <FormPage code={code} initial={initial} />
      </Suspense>
    );
  }
  if (page.kind === "unknown") return <NotFoundPage />;
  return (
    <Suspense fallback={<main className="page" />}>
      <ManagerApp />
    </Suspense>
  );
}

const root = document.getElementById("root");
if (root) {
  createRoot(root).render(<StrictMode>{route(location.pathname)}</StrictMode>);
}
