import { api } from "../api.ts";
import { Forbidden, ListState, useTitle } from "../components/Bits.tsx";
import { TableHead } from "../components/TableHead.tsx";
import { useManager } from "../context.ts";
import { formatShort } from "../i18n.ts";
import { useLoad } from "../useLoad.ts";

export function AuditPage() {
  const { t, locale, account } = useManager();
  const ta = t.audit;
  useTitle(ta.title);
  const list = useLoad(() => api.audit(), "audit");
  if (account.role !== "admin") return <Forbidden title={ta.title} />;
  const entries = [...(list.data?.entries ?? [])].sort((a, b) => b.at.localeCompare(a.at) || b.id - a.id);
  return (
    <section>
      <h1>{ta.title}</h1>
      <ListState
        error={list.error}
        onRetry={() => void list.reload()}
        loaded={!!list.data}
        count={entries.length}
        empty={ta.empty}
      />
      {entries.length > 0 && (
        <div className="table-wrap">
          <table className="table" data-testid="audit">
            <TableHead cols={[ta.at, ta.who, ta.action, ta.unit, ta.details]} />
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
