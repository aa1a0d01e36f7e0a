import { type FormEvent, useState } from "react";
import { api } from "../api.ts";
import { ListState, useTitle } from "../components/Bits.tsx";
import { Field, FormError, FormOk, inputProps } from "../components/Form.tsx";
import { TableHead } from "../components/TableHead.tsx";
import { useManager } from "../context.ts";
import { formatShort } from "../i18n.ts";
import { useAction } from "../use-action.ts";
import { useLoad } from "../useLoad.ts";

/** `/manage/me`: every account changes its own password and sees and ends its own sessions. */
export function MyAccountPage() {
  const { t, locale, account } = useManager();
  const tm = t.me;
  useTitle(tm.title);
  const sessions = useLoad(() => api.sessions(account.username), `sessions-${account.username}`);
  const [current, setCurrent] = useState("");
  const [next, setNext] = useState("");
  const [invalid, setInvalid] = useState<string | undefined>();
  const change = useAction();
  const end = useAction();

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (next.length < 10) {
      setInvalid(tm.errShort);
      document.getElementById("me-next")?.focus();
      return;
    }
    setInvalid(undefined);
    void change.run(() => api.changeOwnPassword(current, next), {
      done: (d) => tm.changed(d.ended),
      after: async () => {
        setCurrent("");
        setNext("");
        await sessions.reload();
      },
    });
  };

  const rows = sessions.data?.sessions ?? [];
  return (
    <section>
      <h1>{tm.title}</h1>
      <form className="card form" onSubmit={submit} noValidate data-testid="change-password">
        <h2>{tm.passwordTitle}</h2>
        <Field id="me-current" label={tm.current}>
          <input
            id="me-current"
            type="password"
            autoComplete="current-password"
            value={current}
            maxLength={200}
            onChange={(e) => setCurrent(e.target.value)}
          />
        </Field>
        <Field id="me-next" label={tm.next} hint={tm.nextHint} error={invalid}>
          <input
            {...inputProps("me-next", invalid, tm.nextHint)}
            type="password"
            autoComplete="new-password"
            value={next}
            maxLength={200}
            onChange={(e) => setNext(e.target.value)}
          />
        </Field>
        <FormError message={change.error} />
        <FormOk message={change.done} />
        <button type="submit" className="button" disabled={change.busy}>
          {tm.change}
        </button>
      </form>
      <h2>{tm.sessionsTitle}</h2>
      <ListState
        error={sessions.error}
        onRetry={() => void sessions.reload()}
        loaded={!!sessions.data}
        count={rows.length}
        empty=""
      />
      {rows.length > 0 && (
        <div className="table-wrap">
          <table className="table" data-testid="sessions">
            <TableHead cols={[tm.since, tm.until, ""]} />
            <tbody>
              {rows.map((s) => (
                <tr key={s.id}>
                  <td>{formatShort(s.createdAt, locale)}</td>
                  <td>{formatShort(s.expiresAt, locale)}</td>
                  <td>
                    {s.current ? (
                      tm.thisOne
                    ) : (
                      <button
                        type="button"
                        className="button secondary small"
                        disabled={end.busy}
                        onClick={() =>
                          void end.run(() => api.endSessions(account.username, s.id), {
                            after: sessions.reload,
                          })
                        }
                      >
                        {tm.end}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {rows.length > 1 && (
        <button
          type="button"
          className="button secondary"
          disabled={end.busy}
          onClick={() => void end.run(() => api.endSessions(account.username), { after: sessions.reload })}
        >
          {tm.endOthers}
        </button>
      )}
      <FormError message={end.error} />
    </section>
  );
}
