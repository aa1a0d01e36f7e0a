import { strings } from "../i18n.ts";

export function HomePage() {
  const t = strings.vi;
  return (
    <main className="page">
      <section className="card">
        <h1>{t.appTitle}</h1>
        <p>{t.homeIntro}</p>
      </section>
    </main>
  );
}
