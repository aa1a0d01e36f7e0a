import type { CampaignInfo } from "../../../api/manager.ts";
import { api } from "../api.ts";
import { useLoad } from "../useLoad.ts";

/** The results of a campaign at a unit (compared with another campaign or not), and its form. */
export function useResults(campaign: CampaignInfo, unit: string, compare: string) {
  const results = useLoad(
    () => api.results(campaign.id, unit, compare || undefined),
    `results:${campaign.id}:${unit}:${compare}`,
  );
  // Choices and rating ranges label the answers; without the form the raw values are shown.
  const form = useLoad(
    () => api.form(campaign.formId, campaign.formVersion),
    `form:${campaign.formId}:${campaign.formVersion}`,
  );
  return { results, form };
}
