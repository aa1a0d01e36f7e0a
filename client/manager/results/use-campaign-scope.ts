import { useMemo } from "react";
import { api } from "../api.ts";
import { useManager } from "../context.ts";
import { useLoad } from "../useLoad.ts";
import { subtree } from "../util.ts";

/**
 * The campaign `id` of the account's campaigns, the units under it that the account sees (a unit above
 * the account's own leaves all of them in), and the unit shown: `unit` if it is one of them, else the top.
 */
export function useCampaignScope(id: string, unit: string) {
  const { t, units, unitsError } = useManager();
  const list = useLoad(() => api.campaigns(), "campaigns");
  const campaigns = list.data?.campaigns ?? [];
  const campaign = campaigns.find((c) => String(c.id) === id);
  const scope = useMemo(
    () => (campaign?.unit && units ? subtree(units, campaign.unit.code) : []),
    [campaign, units],
  );
  const selected = scope.some((u) => u.code === unit)
    ? unit
    : (scope[0]?.code ?? (unitsError ? (campaign?.unit?.code ?? "") : ""));
  const error = list.error ?? (list.data && !campaign ? t.errors.campaign_not_found : null);
  return { list, campaigns, campaign, scope, selected, error };
}
