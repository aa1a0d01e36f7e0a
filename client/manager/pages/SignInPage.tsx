import { type FormEvent, useEffect, useRef, useState } from "react";
import type { SessionInfo } from "../../../api/manager.ts";
import { LanguageSwitch } from "../../components/LanguageSwitch.tsx";
import type { Locale } from "../../i18n.ts";
import { api } from "../api.ts";
import { FormError } from "../components/Form.tsx";
import { errorText, mstrings } from "../i18n.ts";

interface Props {
  locale: Locale;
  onLocale: (l: Locale) => void;
  onSignedIn: (session: SessionInfo) => void;
}

export function SignInPage({ locale, onLocale, onSignedIn }: Props) {
  const t = mstrings[locale];
  const [username, setUsername] = useState("");
  const [password, setPassword] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const userRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    document.title = `${t.signIn.title} — tieuchi`;
  }, [t]);
  // The page has one thing to do: the cursor starts in the username (on mount: Biome's a11y lint rejects autoFocus).
  useEffect(() => {
    userRef.current?.focus();
  }, []);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!username.trim() || !password) {
      setError(t.signIn.required);
      return;
    }
    setBusy(true);
    setError(null);
    const r = await api.signIn(username.trim(), password);
    setBusy(false);
    if (r.ok) {
      onSignedIn(r.data);
      return;
    }
    setError(errorText(r.error, r.status, locale));
    setPassword("");
    userRef.current?.focus();
  };

  return (
    <main className="mgr-page signin-page">
      <header className="top">
        <strong>{t.appTitle}</strong>
        <LanguageSwitch locale={locale} onChange={onLocale} />
      </header>
      <form className="card signin" data-testid="signin" onSubmit={submit} noValidate>
        <h1>{t.signIn.title}</h1>
        <div className="field">
          <label htmlFor="signin-username">{t.signIn.username}</label>
          <input
            ref={userRef}
            id="signin-username"
            name="username"
            autoComplete="username"
            autoCapitalize="none"
            spellCheck={false}
            value={username}
            onChange={(e) => setUsername(e.target.value)}
            aria-invalid={!!error}
          />
        </div>
        <div className="field">
          <label htmlFor="signin-password">{t.signIn.password}</label>
          <input
            id="signin-password"
            name="password"
            type="password"
            autoComplete="current-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            aria-invalid={!!error}
          />
        </div>
        <FormError message={error} />
        <button type="submit" className="button" disabled={busy}>
          {busy ? t.signIn.submitting : t.signIn.submit}
        </button>
      </form>
      <p className="muted signin-hint">{t.signIn.respondentHint}</p>
    </main>
  );
}
