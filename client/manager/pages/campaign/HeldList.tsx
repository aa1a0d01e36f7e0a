import type { CampaignInfo, UnitRow } from "../../../../api/manager.ts";
import { api } from "../../api.ts";
import { FormError, FormOk } from "../../components/Form.tsx";
import { useManager } from "../../context.ts";
import { useAction } from "../../use-action.ts";
import { useLoad } from "../../useLoad.ts";

/** Parent answers held "to review" (a burst from one address, or beyond the expected count): accept or discard. */
export function HeldList({ campaign, unit }: { campaign: CampaignInfo; unit: UnitRow }) {
  const tc = useManager().t.campaign;
  const held = useLoad(() => api.held(campaign.id, unit.code), `held:${campaign.id}:${unit.code}`);
  const action = useAction();
  const rows = held.data?.held ?? [];
  if (campaign.kind !== "parent" || rows.length === 0) return null;
  const settle = (how: "accept" | "discard") =>
    action.run(() => api.settleHeld(campaign.id, unit.code, how), {
      done: (d) => tc.heldSettled(how, d.count),
      after: held.reload,
    });
  return (
    <div className="notice" data-testid="held">
      <p>
        <strong>{tc.heldTitle}</strong>
      </p>
      <ul>
        {rows.map((r) => (
          <li key={r.unit}>{tc.heldCount(r.name, r.count)}</li>
        ))}
      </ul>
      <p className="muted">{tc.heldHint}</p>
      <button
        type="button"
        className="button small"
        disabled={action.busy}
        onClick={() => void settle("accept")}
      >
        {tc.heldAccept}
      </button>{" "}
      <button
        type="button"
        className="button secondary small"
        disabled={action.busy}
        onClick={() => void settle("discard")}
      >
        {tc.heldDiscard}
      </button>
      <FormError message={action.error} />
      <FormOk message={action.done} />
    </div>
  );
}
