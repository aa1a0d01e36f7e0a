import { useMemo } from "react";
import type { UnitRow } from "../../../../api/manager.ts";
import { localize } from "../../../i18n.ts";
import { api } from "../../api.ts";
import { LoadError, Loading, useTitle } from "../../components/Bits.tsx";
import { Field } from "../../components/Form.tsx";
import { UnitOptions } from "../../components/UnitOptions.tsx";
import { useManager } from "../../context.ts";
import { Link, navigate } from "../../router.tsx";
import { useLoad } from "../../useLoad.ts";
import { atLeast, leaves, subtree } from "../../util.ts";
import { CampaignSummary } from "./CampaignSummary.tsx";
import { CodeList } from "./CodeList.tsx";

export function CampaignPage({ id, unit }: { id: string; unit: string }) {
  const { t, locale, account, units } = useManager();
  const loaded = useLoad(() => api.campaign(id), `campaign:${id}`);
  const campaign = loaded.data?.campaign;
  const title = campaign ? campaign.title || localize(campaign.formTitle, locale) || campaign.formId : "";
  useTitle(title || t.campaigns.title);

  // The units of this campaign that the account manages (its whole visible tree is its own).
  const scope = useMemo(
    () =>
      campaign?.unit && units && atLeast(account.role, "manager") ? subtree(units, campaign.unit.code) : [],
    [campaign, units, account.role],
  );
  const selected = scope.some((u) => u.code === unit) ? unit : (leaves(scope)[0]?.code ?? "");

  return (
    <section>
      <p className="crumbs no-print">
        <Link href="/">{t.campaign.back}</Link>
      </p>
      {loaded.error && <LoadError message={loaded.error} onRetry={() => void loaded.reload()} />}
      {!campaign && !loaded.error && <Loading />}
      {campaign && (
        <>
          <CampaignSummary campaign={campaign} title={title} onChange={(c) => loaded.set({ campaign: c })} />
          <section className="card" aria-labelledby="codes-title">
            <h2 id="codes-title">{t.campaign.codesTitle}</h2>
            {!atLeast(account.role, "manager") && <p>{t.campaign.noManage}</p>}
            {atLeast(account.role, "manager") && units && scope.length === 0 && <p>{t.campaign.noSchools}</p>}
            {!units && <Loading />}
            {scope.length > 0 && (
              <>
                <Field id="codes-unit" label={t.campaign.school}>
                  <select
                    id="codes-unit"
                    value={selected}
                    onChange={(e) =>
                      navigate(`/manage/campaigns/${id}?unit=${encodeURIComponent(e.target.value)}`, {
                        replace: true,
                      })
                    }
                  >
                    <UnitOptions units={scope} />
                  </select>
                </Field>
                {selected && (
                  <CodeList
                    key={selected}
                    campaign={campaign}
                    unit={scope.find((u) => u.code === selected) as UnitRow}
                  />
                )}
              </>
            )}
          </section>
        </>
      )}
    </section>
  );
}
