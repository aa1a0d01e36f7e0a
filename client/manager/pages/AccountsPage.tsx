import { type FormEvent, useState } from "react";
import type { Role } from "../../../api/manager.ts";
import { api } from "../api.ts";
import { AccountActions } from "../components/AccountActions.tsx";
import { Forbidden, ListState, useTitle } from "../components/Bits.tsx";
import { Field, FormError, inputProps } from "../components/Form.tsx";
import { TableHead } from "../components/TableHead.tsx";
import { UnitOptions } from "../components/UnitOptions.tsx";
import { useManager } from "../context.ts";
import { errorText } from "../i18n.ts";
import { Link } from "../router.tsx";
import { useLoad } from "../useLoad.ts";

const ROLES: Role[] = ["viewer", "manager", "admin"];
const USERNAME = /^[a-z0-9][a-z0-9._-]{2,63}$/;

export function AccountsPage() {
  const { t, locale, account, units } = useManager();
  const ta = t.accounts;
  useTitle(ta.title);
  const list = useLoad(() => api.accounts(), "accounts");
  const [username, setUsername] = useState("");
  const [role, setRole] = useState<Role>("manager");
  const [unit, setUnit] = useState(account.unitCode ?? "");
  const [invalid, setInvalid] = useState<string | undefined>();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [created, setCreated] = useState<{ username: string; password: string } | null>(null);
  const [copied, setCopied] = useState(false);

  if (account.role !== "admin") return <Forbidden title={ta.title} />;

  const names = new Map((units ?? []).map((u) => [u.code, u.name]));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    const name = username.trim().toLowerCase();
    if (!USERNAME.test(name)) {
      setInvalid(ta.errUsername);
      document.getElementById("acc-username")?.focus();
      return;
    }
    setInvalid(undefined);
    setBusy(true);
    const r = await api.createAccount({ username: name, role, unit: unit || null });
    setBusy(false);
    if (!r.ok) {
      setError(errorText(r.error, r.status, locale));
      return;
    }
    setUsername("");
    setCopied(false);
    if (r.data.password) setCreated({ username: r.data.account.username, password: r.data.password });
    await list.reload();
  };

  const copy = async () => {
    if (!created) return;
    try {
      await navigator.clipboard.writeText(created.password);
      setCopied(true);
    } catch {
      // Without clipboard access (plain HTTP) the password is still on screen to copy by hand.
    }
  };

  return (
    <section>
      <h1>{ta.title}</h1>
      {created && (
        <div className="password-once" role="alert" data-testid="new-password">
          <h2>{ta.passwordTitle(created.username)}</h2>
          <p className="password mono">{created.password}</p>
          <p>{ta.passwordOnce}</p>
          <div className="actions">
            <button type="button" className="button secondary small" onClick={() => void copy()}>
              {copied ? ta.copied : ta.copy}
            </button>
            <button type="button" className="button small" onClick={() => setCreated(null)}>
              {ta.dismiss}
            </button>
          </div>
        </div>
      )}
      <ListState
        error={list.error}
        onRetry={() => void list.reload()}
        loaded={!!list.data}
        count={list.data?.accounts.length ?? 0}
        empty={ta.empty}
      />
      {list.data && list.data.accounts.length > 0 && (
        <div className="table-wrap">
          <table className="table" data-testid="accounts">
            <TableHead cols={[ta.username, ta.role, ta.unit, ta.status, ta.actions]} />
            <tbody>
              {list.data.accounts.map((a) => (
                <tr key={a.id}>
                  <td className="mono">{a.username}</td>
                  <td>{t.roles[a.role]}</td>
                  <td>{a.unitCode ? `${names.get(a.unitCode) ?? a.unitCode} (${a.unitCode})` : ta.none}</td>
                  <td>{a.disabledAt ? ta.disabled : ta.active}</td>
                  <td>
                    {a.id === account.id ? (
                      <Link href="/manage/me">{ta.you}</Link>
                    ) : (
                      <AccountActions
                        target={a}
                        onChanged={list.reload}
                        onPassword={(name, password) => {
                          setCopied(false);
                          setCreated({ username: name, password });
                        }}
                      />
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <form className="card form" onSubmit={submit} noValidate data-testid="create-account">
        <h2>{ta.createTitle}</h2>
        <Field id="acc-username" label={ta.username} hint={ta.usernameHint} error={invalid}>
          <input
            {...inputProps("acc-username", invalid, ta.usernameHint)}
            autoCapitalize="none"
            autoComplete="off"
            spellCheck={false}
            value={username}
            maxLength={64}
            onChange={(e) => setUsername(e.target.value)}
          />
        </Field>
        <Field id="acc-role" label={ta.role} hint={ta.roleHint}>
          <select
            id="acc-role"
            value={role}
            onChange={(e) => setRole(e.target.value as Role)}
            aria-describedby="acc-role-hint"
          >
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {t.roles[r]}
              </option>
            ))}
          </select>
        </Field>
        <Field id="acc-unit" label={ta.unit}>
          <select id="acc-unit" value={unit} onChange={(e) => setUnit(e.target.value)}>
            {account.unitId === null && <option value="">{ta.none}</option>}
            <UnitOptions units={units ?? []} />
          </select>
        </Field>
        <FormError message={error} />
        <button type="submit" className="button" disabled={busy}>
          {ta.create}
        </button>
      </form>
    </section>
  );
}
