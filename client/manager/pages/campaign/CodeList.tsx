import { useState } from "react";
import type { CampaignInfo, CodeRow, UnitRow } from "../../../../api/manager.ts";
import { api } from "../../api.ts";
import { LoadError, Loading } from "../../components/Bits.tsx";
import { FormError, FormOk } from "../../components/Form.tsx";
import { TableHead } from "../../components/TableHead.tsx";
import { useManager } from "../../context.ts";
import { keepFresh } from "../../fresh-codes.ts";
import { errorText, formatShort } from "../../i18n.ts";
import { Link } from "../../router.tsx";
import { useLoad } from "../../useLoad.ts";
import { CountForm, RosterForm, SingleForm } from "./CodeForms.tsx";
import { HeldList } from "./HeldList.tsx";

/** The access codes of the campaign at one unit: the forms that create them, and the list. */
export function CodeList({ campaign, unit }: { campaign: CampaignInfo; unit: UnitRow }) {
  const { t, locale } = useManager();
  const tc = t.campaign;
  const codes = useLoad(() => api.codes(campaign.id, unit.code), `codes:${campaign.id}:${unit.code}`);
  const [revokeError, setRevokeError] = useState<string | null>(null);
  const [reprinted, setReprinted] = useState<string | null>(null);
  const rows = codes.data?.codes ?? [];
  const answered = rows.filter((c) => c.answered).length;
  const revoked = rows.filter((c) => c.revokedAt).length;
  const manyUnits = new Set(rows.map((c) => c.unitCode)).size > 1;

  const revoke = async (code: CodeRow) => {
    if (!window.confirm(tc.revokeConfirm(code.mask))) return;
    setRevokeError(null);
    const r = await api.revokeCode(code.ref);
    if (!r.ok) setRevokeError(errorText(r.error, r.status, locale));
    await codes.reload();
  };

  // A lost code: a new one for the same holder, shown in full this once; the old one stops working.
  const reprint = async (code: CodeRow) => {
    if (!window.confirm(tc.reprintConfirm(code.mask))) return;
    setRevokeError(null);
    setReprinted(null);
    const r = await api.reprintCode(code.ref);
    if (!r.ok) setRevokeError(errorText(r.error, r.status, locale));
    else {
      keepFresh([r.data.code]);
      setReprinted(tc.reprinted(r.data.code.code, r.data.code.holder ?? ""));
    }
    await codes.reload();
  };

  return (
    <>
      {campaign.kind === "staff" ? (
        <div className="generators">
          <CountForm campaign={campaign} unit={unit} onCreated={codes.reload} />
          <RosterForm campaign={campaign} unit={unit} onCreated={codes.reload} />
        </div>
      ) : (
        <SingleForm
          campaign={campaign}
          unit={unit}
          existing={rows.filter((c) => !c.revokedAt).length}
          onCreated={codes.reload}
        />
      )}
      <div className="codes-head">
        <h3>{unit.name}</h3>
        {codes.data && <span className="muted">{tc.summary(rows.length, answered, revoked)}</span>}
        {rows.length > 0 && (
          <Link
            href={`/manage/campaigns/${campaign.id}/print?unit=${encodeURIComponent(unit.code)}`}
            className="button"
            data-testid="print-link"
          >
            {tc.print}
          </Link>
        )}
      </div>
      {codes.error && <LoadError message={codes.error} onRetry={() => void codes.reload()} />}
      <FormError message={revokeError} />
      <FormOk message={reprinted} />
      <HeldList campaign={campaign} unit={unit} />
      {!codes.data && !codes.error && <Loading />}
      {codes.data && rows.length === 0 && <p className="muted">{tc.noCodes}</p>}
      {rows.length > 0 && (
        <div className="table-wrap">
          <table className="table codes" data-testid="codes">
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
                  <td>
                    {c.url ? (
                      <a className="mono" href={c.url} target="_blank" rel="noopener" title={tc.openLink}>
                        {c.mask}
                      </a>
                    ) : (
                      <span className="mono">{c.mask}</span>
                    )}
                  </td>
                  {manyUnits && <td>{c.unitCode}</td>}
                  {campaign.kind !== "parent" && <td>{c.holder ?? ""}</td>}
                  <td>{c.answered ? (c.answeredAt ? formatShort(c.answeredAt, locale) : tc.yes) : tc.no}</td>
                  <td>
                    {c.revokedAt ? (
                      <span title={formatShort(c.revokedAt, locale)}>{tc.revoked}</span>
                    ) : (
                      tc.active
                    )}
                  </td>
                  <td className="right">
                    {!c.revokedAt && (
                      <button
                        type="button"
                        className="button secondary small"
                        onClick={() => void revoke(c)}
                        aria-label={`${tc.revoke} ${c.mask}`}
                      >
                        {tc.revoke}
                      </button>
                    )}
                    {!c.revokedAt && !c.url && (
                      <button
                        type="button"
                        className="button secondary small"
                        onClick={() => void reprint(c)}
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
      )}
    </>
  );
}
