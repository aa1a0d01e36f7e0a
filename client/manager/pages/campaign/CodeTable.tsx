import type { CampaignInfo, CodeRow } from "../../../../api/manager.ts";
import { TableHead } from "../../components/TableHead.tsx";
import { useManager } from "../../context.ts";
import { formatShort } from "../../i18n.ts";
import { useManageText } from "../../i18n-manage.ts";
import { LinkActions } from "./LinkActions.tsx";

/** The codes of one unit: masked, their holder, whether they answered (a link: how many), and actions. */
export function CodeTable({
  campaign,
  rows,
  title,
  onRevoke,
  onReprint,
}: {
  campaign: CampaignInfo;
  rows: CodeRow[];
  title: string;
  onRevoke: (c: CodeRow) => void;
  onReprint: (c: CodeRow) => void;
}) {
  const { t, locale } = useManager();
  const tc = t.campaign;
  const tm = useManageText();
  const manyUnits = new Set(rows.map((c) => c.unitCode)).size > 1;
  const closed = campaign.status === "closed";
  const answered = (c: CodeRow) => {
    if (c.responses !== null)
      return <span data-testid="link-responses">{tm.linkResponses(c.responses)}</span>;
    if (!c.answered) return tc.no;
    return c.answeredAt ? formatShort(c.answeredAt, locale, campaign.kind === "parent") : tc.yes;
  };
  return (
    <div className="table-wrap">
      <table className="table codes stack" data-testid="codes">
        <TableHead
          cols={[
            tc.code,
            manyUnits && tc.unit,
            campaign.kind !== "parent" && tc.holder,
            tc.answered,
            tc.state,
          ]}
          actions={t.units.actions}
        />
        <tbody>
          {rows.map((c) => (
            <tr key={c.ref} data-code={c.mask} className={c.revokedAt ? "revoked" : undefined}>
              <td data-label={tc.code}>
                {c.url ? (
                  <a className="mono break" href={c.url} target="_blank" rel="noopener" title={tc.openLink}>
                    {c.mask}
                  </a>
                ) : (
                  <span className="mono">{c.mask}</span>
                )}
                {c.singleUse && <span className="muted small-text"> · {tm.singleUse}</span>}
              </td>
              {manyUnits && <td data-label={tc.unit}>{c.unitCode}</td>}
              {campaign.kind !== "parent" && <td data-label={tc.holder}>{c.holder ?? ""}</td>}
              <td data-label={tc.answered}>{answered(c)}</td>
              <td data-label={tc.state}>
                {c.revokedAt ? <span title={formatShort(c.revokedAt, locale)}>{tc.revoked}</span> : tc.active}
              </td>
              <td className="right">
                {c.url && !c.revokedAt && <LinkActions url={c.url} title={title} />}
                {!c.revokedAt && (
                  <button
                    type="button"
                    className="button secondary small"
                    onClick={() => onRevoke(c)}
                    aria-label={`${tc.revoke} ${c.mask}`}
                  >
                    {tc.revoke}
                  </button>
                )}
                {!c.revokedAt && !c.url && !closed && (
                  <button
                    type="button"
                    className="button secondary small"
                    onClick={() => onReprint(c)}
                    aria-label={`${tc.reprint} ${c.mask}`}
                  >
                    {tc.reprint}
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
