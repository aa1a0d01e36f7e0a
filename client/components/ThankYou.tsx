import { type Locale, strings } from "../i18n.ts";

export function ThankYou({ locale }: { locale: Locale }) {
  const t = strings[locale].thanks;
  return (
    <section className="card thank-you" data-testid="thank-you" role="status">
      <h1>{t.title}</h1>
      <p>{t.body}</p>
    </section>
  );
}
