import { type ReactNode, useState } from "react";
import type { CampaignInfo } from "../../../../api/manager.ts";
import { api } from "../../api.ts";
import { StatusBadge } from "../../components/Bits.tsx";
import { FormError } from "../../components/Form.tsx";
import { useManager } from "../../context.ts";
import { formatShort } from "../../i18n.ts";
import { useManageText } from "../../i18n-manage.ts";
import { Link } from "../../router.tsx";
import { useAction } from "../../use-action.ts";
import { atLeast } from "../../util.ts";
import { CampaignDuplicate, CampaignEdit } from "./CampaignEdit.tsx";

/** What the campaign is, with the buttons that close and reopen it. */
export function CampaignSummary({
  campaign,
  title,
  onChange,
}: {
  campaign: CampaignInfo;
  title: string;
  onChange: (c: CampaignInfo) => void;
}) {
  const { t, locale, account, units } = useManager();
  const tc = t.campaign;
  const tm = useManageText();
  const { error, busy, run } = useAction();
  const [open, setOpen] = useState<"edit" | "duplicate" | null>(null);
  // Closing and reopening need the manager role at the campaign's own unit.
  const canManage = atLeast(account.role, "manager") && !!units?.some((u) => u.code === campaign.unit?.code);
  const canReopen = !!campaign.closedAt && Date.now() < Date.parse(campaign.closesAt);

  const facts: [string, ReactNode][] = [
    [t.campaigns.unit, campaign.unit?.name],
    [t.campaigns.kind, t.kinds[campaign.kind]],
    [t.campaigns.period, campaign.period],
    [tc.opens, formatShort(campaign.opensAt, locale)],
    [tc.closes, formatShort(campaign.closesAt, locale)],
    ...(campaign.closedAt
      ? [[tc.closedEarly, formatShort(campaign.closedAt, locale)] as [string, ReactNode]]
      : []),
    [tc.expected, campaign.expected ?? tc.notSet],
    ...(campaign.releaseAfterClose ? [[tm.releaseAfterClose, tc.yes] as [string, ReactNode]] : []),
  ];

  const act = async (what: "close" | "reopen") => {
    if (what === "close" && !window.confirm(tc.closeConfirm)) return;
    await run(() => (what === "close" ? api.closeCampaign(campaign.id) : api.reopenCampaign(campaign.id)), {
      after: (data) => onChange(data.campaign),
    });
  };

  return (
    <section className="card">
      <div className="page-head">
        <h1>{title}</h1>
        <StatusBadge status={campaign.status} />
        <Link
          href={`/manage/campaigns/${campaign.id}/results`}
          className="button secondary page-head-action"
          data-testid="results-link"
        >
          {t.results.link}
        </Link>
      </div>
      <dl className="facts">
        {facts.map(([label, value]) => (
          <div key={label}>
            <dt>{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
      {canManage && (
        <div className="actions">
          {campaign.status !== "closed" && (
            <button type="button" className="button danger" disabled={busy} onClick={() => void act("close")}>
              {tc.close}
            </button>
          )}
          {canReopen && (
            <button type="button" className="button" disabled={busy} onClick={() => void act("reopen")}>
              {tc.reopen}
            </button>
          )}
          {campaign.status !== "closed" && (
            <button
              type="button"
              className="button secondary"
              aria-expanded={open === "edit"}
              onClick={() => setOpen(open === "edit" ? null : "edit")}
            >
              {tm.edit}
            </button>
          )}
          <button
            type="button"
            className="button secondary"
            aria-expanded={open === "duplicate"}
            onClick={() => setOpen(open === "duplicate" ? null : "duplicate")}
          >
            {tm.duplicate}
          </button>
        </div>
      )}
      {canManage && open === "edit" && (
        <CampaignEdit campaign={campaign} onChange={onChange} onDone={() => setOpen(null)} />
      )}
      {canManage && open === "duplicate" && (
        <CampaignDuplicate campaign={campaign} onDone={() => setOpen(null)} />
      )}
      <FormError message={error} />
    </section>
  );
}
