import { useMemo } from "react";
import type { CampaignInfo, CodeRow } from "../../../api/manager.ts";
import { localize } from "../../i18n.ts";
import { api } from "../api.ts";
import { LoadError, Loading, useTitle } from "../components/Bits.tsx";
import { Qr } from "../components/Qr.tsx";
import { useManager } from "../context.ts";
import { printable } from "../fresh-codes.ts";
import { formatShort } from "../i18n.ts";
import { Link } from "../router.tsx";
import { useLoad } from "../useLoad.ts";

/** A4 sheets to print: one per school, with a cut-out card per staff code or one large parent QR. */
export function PrintPage({ id, unit }: { id: string; unit: string }) {
  const { t, units } = useManager();
  const tp = t.print;
  const campaign = useLoad(() => api.campaign(id), `campaign:${id}`);
  const codes = useLoad(() => api.codes(id, unit), `codes:${id}:${unit}`);
  const c = campaign.data?.campaign;
  const unitName = units?.find((u) => u.code === unit)?.name ?? unit;
  useTitle(`${t.campaign.print} — ${unitName}`);

  // One sheet per unit that has usable codes, in the tree's order.
  const groups = useMemo(() => {
    const byUnit = new Map<string, CodeRow[]>();
    for (const code of printable(codes.data?.codes ?? [])) {
      if (code.revokedAt) continue;
      byUnit.set(code.unitCode, [...(byUnit.get(code.unitCode) ?? []), code]);
    }
    const order = new Map((units ?? []).map((u, i) => [u.code, i]));
    return [...byUnit.entries()]
      .sort(([a], [b]) => (order.get(a) ?? 0) - (order.get(b) ?? 0))
      .map(([code, list]) => ({ code, name: units?.find((u) => u.code === code)?.name ?? code, list }));
  }, [codes.data, units]);

  const error = campaign.error ?? codes.error;
  return (
    <>
      <div className="print-toolbar no-print">
        <Link href={`/manage/campaigns/${id}?unit=${encodeURIComponent(unit)}`}>{tp.back}</Link>
        <button
          type="button"
          className="button"
          onClick={() => window.print()}
          disabled={groups.length === 0}
        >
          {tp.print}
        </button>
        <p className="muted">{c?.kind === "parent" ? tp.parentPrintHint : tp.hint}</p>
      </div>
      {error && <LoadError message={error} />}
      {!error && (!c || !codes.data) && <Loading />}
      {c && codes.data && groups.length === 0 && <p className="card">{tp.noCodes}</p>}
      {c &&
        groups.map((g) =>
          c.kind === "parent" ? (
            g.list.map((code) => <ParentSheet key={code.mask} campaign={c} unitName={g.name} code={code} />)
          ) : (
            <StaffSheet key={g.code} campaign={c} unitName={g.name} codes={g.list} />
          ),
        )}
    </>
  );
}

function SheetHead({
  campaign,
  unitName,
  title,
}: {
  campaign: CampaignInfo;
  unitName: string;
  title: string;
}) {
  const { t, locale } = useManager();
  return (
    <header className="sheet-head">
      <p className="sheet-unit">{unitName}</p>
      <h1>{title}</h1>
      <p className="sheet-form">{localize(campaign.formTitle, locale) || campaign.formId}</p>
      <p className="sheet-meta">
        {t.print.period}: <strong>{campaign.period}</strong> · {t.print.until}:{" "}
        <strong>{formatShort(campaign.closesAt, locale)}</strong>
      </p>
    </header>
  );
}

function StaffSheet({
  campaign,
  unitName,
  codes,
}: {
  campaign: CampaignInfo;
  unitName: string;
  codes: CodeRow[];
}) {
  const { t, locale } = useManager();
  const tp = t.print;
  const title = campaign.kind === "unit" ? tp.unitTitle : tp.staffTitle;
  return (
    <section className="sheet" data-testid="print-sheet">
      <SheetHead campaign={campaign} unitName={unitName} title={title} />
      <p className="sheet-howto">{campaign.kind === "unit" ? tp.unitHowTo : tp.staffHowTo}</p>
      <div className="qr-cards">
        {codes.map((code) => (
          <article key={code.mask} className="qr-card" data-testid="qr-card" data-code={code.mask}>
            <p className="qr-title">
              {unitName}
              <br />
              {campaign.period} · {tp.until} {formatShort(campaign.closesAt, locale).slice(0, 10)}
            </p>
            <Qr value={code.url ?? ""} label={`${tp.code} ${code.mask}`} />
            <div className="qr-card-text">
              {code.holder && <p className="qr-holder">{code.holder}</p>}
              <p className="qr-code">{code.mask}</p>
              <p className="qr-url">{code.url}</p>
            </div>
          </article>
        ))}
      </div>
    </section>
  );
}

function ParentSheet({
  campaign,
  unitName,
  code,
}: {
  campaign: CampaignInfo;
  unitName: string;
  code: CodeRow;
}) {
  const { t } = useManager();
  const tp = t.print;
  return (
    <section className="sheet parent-sheet" data-testid="print-sheet">
      <SheetHead campaign={campaign} unitName={unitName} title={tp.parentTitle} />
      <div className="qr-card qr-big" data-testid="qr-card" data-code={code.mask}>
        <Qr value={code.url ?? ""} label={`${tp.code} ${code.mask}`} />
        <p className="parent-howto">{tp.parentHowTo}</p>
        <p className="parent-url">
          {tp.parentOr}
          <br />
          <strong>{code.url}</strong>
        </p>
        <p className="qr-code">{code.mask}</p>
      </div>
    </section>
  );
}
