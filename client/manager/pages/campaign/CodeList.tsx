import { useState } from "react";
import type { CampaignInfo, CodeRow, UnitRow } from "../../../../api/manager.ts";
import { localize } from "../../../i18n.ts";
import { api } from "../../api.ts";
import { LoadError, Loading } from "../../components/Bits.tsx";
import { FormError, FormOk } from "../../components/Form.tsx";
import { useManager } from "../../context.ts";
import { keepFresh } from "../../fresh-codes.ts";
import { errorText } from "../../i18n.ts";
import { useManageText } from "../../i18n-manage.ts";
import { Link } from "../../router.tsx";
import { useLoad } from "../../useLoad.ts";
import { CodeForms } from "./CodeForms.tsx";
import { CodeTable } from "./CodeTable.tsx";
import { codeListCsv, downloadText } from "./code-list-csv.ts";
import { HeldList } from "./HeldList.tsx";

/** The access codes of the campaign at one unit: the forms that create them, and the list. */
export function CodeList({ campaign, unit }: { campaign: CampaignInfo; unit: UnitRow }) {
  const { t, locale } = useManager();
  const tc = t.campaign;
  const tm = useManageText();
  const codes = useLoad(() => api.codes(campaign.id, unit.code), `codes:${campaign.id}:${unit.code}`);
  const [problem, setProblem] = useState<string | null>(null);
  const [reprinted, setReprinted] = useState<string | null>(null);
  const rows = codes.data?.codes ?? [];
  const live = rows.filter((c) => !c.revokedAt);
  const closed = campaign.status === "closed";
  // Lost sheets: the active personal codes nobody answered with (a shared link is never reprinted).
  const unanswered = live.filter((c) => !c.answered && !c.url);

  const act = async (call: () => ReturnType<typeof api.reprintUnanswered>, confirm: string) => {
    if (!window.confirm(confirm)) return;
    setProblem(null);
    setReprinted(null);
    const r = await call();
    if (!r.ok) setProblem(errorText(r.error, r.status, locale));
    else {
      keepFresh(r.data.codes);
      setReprinted(
        r.data.codes.length === 1 && r.data.codes[0]
          ? tc.reprinted(r.data.codes[0].code, r.data.codes[0].holder ?? "")
          : tm.reprintedMany(r.data.codes.length),
      );
    }
    await codes.reload();
  };

  const revoke = async (code: CodeRow) => {
    if (!window.confirm(tc.revokeConfirm(code.mask))) return;
    setProblem(null);
    const r = await api.revokeCode(code.ref);
    if (!r.ok) setProblem(errorText(r.error, r.status, locale));
    await codes.reload();
  };

  const exportList = () =>
    downloadText(
      `ma-${campaign.id}-${unit.code}.csv`,
      codeListCsv(rows, {
        header: tm.exportHeader,
        kind: (r) => (r.url ? tm.sharedLink : r.singleUse ? tm.singleUse : t.kinds[r.kind]),
        answered: (r) => (r.url ? "" : r.answered ? (r.answeredAt ?? tc.yes) : tc.no),
        state: (r) => (r.revokedAt ? tc.revoked : tc.active),
      }),
    );

  const links = rows.filter((c) => c.url);
  const singles = rows.filter((c) => c.singleUse);
  const summary =
    campaign.kind === "parent"
      ? tm.parentSummary(
          links.length,
          links.reduce((n, c) => n + (c.responses ?? 0), 0),
          singles.length,
          singles.filter((c) => c.answered).length,
        )
      : tc.summary(rows.length, rows.filter((c) => c.answered).length, rows.length - live.length);

  return (
    <>
      {closed ? (
        <p className="notice">{tm.closedNoCodes}</p>
      ) : (
        <CodeForms campaign={campaign} unit={unit} rows={rows} onCreated={codes.reload} />
      )}
      <div className="codes-head">
        <h3>{unit.name}</h3>
        {codes.data && (
          <span className="muted" data-testid="codes-summary">
            {summary}
          </span>
        )}
      </div>
      {rows.length > 0 && (
        <div className="actions codes-actions">
          <Link
            href={`/manage/campaigns/${campaign.id}/print?unit=${encodeURIComponent(unit.code)}`}
            className="button"
            data-testid="print-link"
          >
            {tc.print}
          </Link>
          <button type="button" className="button secondary" onClick={exportList} data-testid="export-codes">
            {tm.exportCodes}
          </button>
          {!closed && unanswered.length > 0 && (
            <button
              type="button"
              className="button secondary"
              data-testid="reprint-unanswered"
              onClick={() =>
                void act(
                  () => api.reprintUnanswered(campaign.id, unit.code),
                  tm.reprintUnansweredConfirm(unanswered.length),
                )
              }
            >
              {tm.reprintUnanswered(unanswered.length)}
            </button>
          )}
        </div>
      )}
      {codes.error && <LoadError message={codes.error} onRetry={() => void codes.reload()} />}
      <FormError message={problem} />
      <FormOk message={reprinted} />
      <HeldList campaign={campaign} unit={unit} />
      {!codes.data && !codes.error && <Loading />}
      {codes.data && rows.length === 0 && <p className="muted">{tc.noCodes}</p>}
      {links.length > 0 && <p className="hint">{tm.countNote}</p>}
      {rows.length > 0 && (
        <CodeTable
          campaign={campaign}
          rows={rows}
          title={campaign.title || localize(campaign.formTitle, locale)}
          onRevoke={(c) => void revoke(c)}
          onReprint={(c) =>
            void act(async () => {
              const r = await api.reprintCode(c.ref);
              return r.ok ? { ...r, data: { codes: [r.data.code] } } : r;
            }, tc.reprintConfirm(c.mask))
          }
        />
      )}
    </>
  );
}
