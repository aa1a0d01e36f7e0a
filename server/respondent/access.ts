import type { Locale } from "../../forms/types.ts";
import type { AppEnv } from "../app-env.ts";
import type { Access } from "../store/types.ts";
import { respondentError } from "./errors.ts";

/** The access a code gives right now, or the 404/410 a respondent should see. */
export async function openAccess(vars: AppEnv["Variables"], code: string, locale: Locale): Promise<Access> {
  const access = await vars.store.campaigns.findAccess(code);
  if (!access) throw respondentError(404, "code_not_found", locale);
  if (access.revokedAt) throw respondentError(404, "code_revoked", locale);
  const now = vars.clock.now().toISOString();
  if (now < access.campaign.opensAt)
    throw respondentError(410, "campaign_not_open", locale, "", { opensAt: access.campaign.opensAt });
  if (now >= access.campaign.closesAt || access.campaign.closedAt)
    throw respondentError(410, "campaign_closed", locale, "", {
      closesAt: access.campaign.closedAt ?? access.campaign.closesAt,
    });
  return access;
}
