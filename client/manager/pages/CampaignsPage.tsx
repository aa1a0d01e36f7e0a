import { localize } from "../../i18n.ts";
import { api } from "../api.ts";
import { LoadError, Loading, StatusBadge, useTitle } from "../components/Bits.tsx";
import { TableHead } from "../components/TableHead.tsx";
import { useManager } from "../context.ts";
import { formatShort } from "../i18n.ts";
import { Link } from "../router.tsx";
import { useLoad } from "../useLoad.ts";
import { atLeast } from "../util.ts";

export function CampaignsPage() {
  const { t, locale, account } = useManager();
  const list = useLoad(() => api.campaigns(), "campaigns");
  useTitle(t.campaigns.title);
  const campaigns = list.data?.campaigns ?? [];

  return (
    <section>
      <div className="page-head">
        <h1>{t.campaigns.title}</h1>
        {atLeast(account.role, "manager") && (
          <Link href="/manage/campaigns/new" className="button">
            {t.campaigns.create}
          </Link>
        )}
      </div>
      {list.error && <LoadError message={list.error} onRetry={() => void list.reload()} />}
      {list.loading && !list.data && <Loading />}
      {list.data && campaigns.length === 0 && <p className="card muted">{t.campaigns.empty}</p>}
      {campaigns.length > 0 && (
        <div className="table-wrap">
          <table className="table stack" data-testid="campaigns">
            <TableHead
              cols={[
                t.campaigns.form,
                t.campaigns.kind,
                t.campaigns.unit,
                t.campaigns.period,
                t.campaigns.time,
                t.campaigns.status,
              ]}
              actions={t.results.title}
            />
            <tbody>
              {campaigns.map((c) => (
                <tr key={c.id} data-testid="campaign-row" data-id={c.id}>
                  <td>
                    <Link href={`/manage/campaigns/${c.id}`}>
                      {c.title || localize(c.formTitle, locale) || c.formId}
                    </Link>
                  </td>
                  <td data-label={t.campaigns.kind}>{t.kinds[c.kind]}</td>
                  <td data-label={t.campaigns.unit}>{c.unit?.name ?? ""}</td>
                  <td className="nowrap" data-label={t.campaigns.period}>
                    {c.period}
                  </td>
                  <td className="nowrap small-text" data-label={t.campaigns.time}>
                    {formatShort(c.opensAt, locale)} –
                    <br />
                    {formatShort(c.closedAt ?? c.closesAt, locale)}
                  </td>
                  <td>
                    <StatusBadge status={c.status} />
                  </td>
                  <td>
                    <Link
                      href={`/manage/campaigns/${c.id}/results`}
                      className="button secondary small nowrap"
                      data-testid="results-link"
                      aria-label={`${t.results.link}: ${localize(c.formTitle, locale) || c.formId} · ${c.period}`}
                    >
                      {t.results.link}
                    </Link>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
