import { useState } from "react";
import type { AuditEntry } from "../../../api/manager.ts";
import { api } from "../api.ts";
import { Forbidden, ListState, useTitle } from "../components/Bits.tsx";
import { TableHead } from "../components/TableHead.tsx";
import { useManager } from "../context.ts";
import { errorText, formatShort } from "../i18n.ts";
import { useManageText } from "../i18n-manage.ts";
import { useLoad } from "../useLoad.ts";
import { type AuditFilter, AuditFilters, NO_FILTER } from "./audit/AuditFilters.tsx";
import { auditDetails } from "./audit/audit-text.ts";

const PAGE = 50;

/** The audit log, newest first, filtered and paged by the server ("show more" asks for the next page). */
export function AuditPage() {
  const { t, locale, account, units } = useManager();
  const ta = t.audit;
  const tm = useManageText().audit;
  useTitle(ta.title);
  const [filter, setFilter] = useState<AuditFilter>(NO_FILTER);
  const [more, setMore] = useState<{ entries: AuditEntry[]; next: number | null } | null>(null);
  const [moreError, setMoreError] = useState<string | null>(null);
  const list = useLoad(() => api.audit({ ...filter, limit: PAGE }), `audit:${JSON.stringify(filter)}`);
  if (account.role !== "admin") return <Forbidden title={ta.title} />;
  const entries = [...(list.data?.entries ?? []), ...(more?.entries ?? [])];
  const next = more ? more.next : (list.data?.next ?? null);
  const actions: Record<string, string> = { ...ta.actions, ...tm.actions };

  const apply = (f: AuditFilter) => {
    setMore(null);
    setFilter(f);
  };
  const loadMore = async () => {
    if (next === null) return;
    const r = await api.audit({ ...filter, limit: PAGE, before: next });
    if (!r.ok) return setMoreError(errorText(r.error, r.status, locale));
    setMoreError(null);
    setMore({ entries: [...(more?.entries ?? []), ...r.data.entries], next: r.data.next });
  };

  return (
    <section>
      <h1>{ta.title}</h1>
      <AuditFilters usernames={list.data?.usernames ?? []} units={units ?? []} onApply={apply} />
      <ListState
        error={list.error}
        onRetry={() => void list.reload()}
        loaded={!!list.data}
        count={entries.length}
        empty={ta.empty}
      />
      {entries.length > 0 && (
        <div className="table-wrap">
          <table className="table stack" data-testid="audit">
            <TableHead cols={[ta.at, ta.who, ta.action, ta.unit, ta.details]} />
            <tbody>
              {entries.map((e) => (
                <tr key={e.id}>
                  <td className="nowrap" data-label={ta.at}>
                    {formatShort(e.at, locale)}
                  </td>
                  <td className="mono" data-label={ta.who}>
                    {e.username}
                  </td>
                  <td data-label={ta.action}>{actions[e.action] ?? e.action}</td>
                  <td className="mono" data-label={ta.unit}>
                    {e.unitCode ?? ""}
                  </td>
                  <td
                    className="details"
                    data-label={Object.keys(e.details).length > 0 ? ta.details : undefined}
                  >
                    {auditDetails(
                      e.details,
                      tm,
                      (iso) => formatShort(iso, locale),
                      (r) => t.roles[r as keyof typeof t.roles] ?? r,
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {entries.length > 0 && (
        <p className="muted" role="status">
          {tm.shown(entries.length)}
        </p>
      )}
      {moreError && <p className="form-error">{moreError}</p>}
      {next !== null && (
        <button
          type="button"
          className="button secondary"
          onClick={() => void loadMore()}
          data-testid="audit-more"
        >
          {tm.more}
        </button>
      )}
    </section>
  );
}
