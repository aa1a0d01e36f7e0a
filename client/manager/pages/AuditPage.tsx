import { api } from "../api.ts";
import { LoadError, Loading, useTitle } from "../components/Bits.tsx";
import { useManager } from "../context.ts";
import { formatShort } from "../i18n.ts";
import { useLoad } from "../useLoad.ts";

export function AuditPage() {
  const { t, locale, account } = useManager();
  const ta = t.audit;
  useTitle(ta.title);
  const list = useLoad(() => api.audit(), "audit");
  if (account.role !== "admin")
    return (
      <section>
        <h1>{ta.title}</h1>
        <p className="form-error" role="alert">
          {t.errors.forbidden}
        </p>
      </section>
    );
  const entries = [...(list.data?.entries ?? [])].sort((a, b) => b.at.localeCompare(a.at) || b.id - a.id);
  return (
    <section>
      <h1>{ta.title}</h1>
      {list.error && <LoadError message={list.error} onRetry={() => void list.reload()} />}
      {!list.data && !list.error && <Loading />}
      {list.data && entries.length === 0 && <p className="muted">{ta.empty}</p>}
      {entries.length > 0 && (
        <div className="table-wrap">
          <table className="table" data-testid="audit">
            <thead>
              <tr>
                <th scope="col">{ta.at}</th>
                <th scope="col">{ta.who}</th>
                <th scope="col">{ta.action}</th>
                <th scope="col">{ta.unit}</th>
                <th scope="col">{ta.details}</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((e) => (
                <tr key={e.id}>
                  <td className="nowrap">{formatShort(e.at, locale)}</td>
                  <td className="mono">{e.username}</td>
                  <td>{ta.actions[e.action] ?? e.action}</td>
                  <td className="mono">{e.unitCode ?? ""}</td>
                  <td className="details">{details(e.details)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function details(d: Record<string, unknown>): string {
  return Object.entries(d)
    .map(([k, v]) => {
      const value = Array.isArray(v)
        ? v.length > 6
          ? `${v.slice(0, 6).join(", ")}, … (${v.length})`
          : v.join(", ")
        : typeof v === "object" && v !== null
          ? JSON.stringify(v)
          : String(v);
      return `${k}: ${value}`;
    })
    .join(" · ");
}
