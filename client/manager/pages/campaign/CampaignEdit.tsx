import { type FormEvent, useState } from "react";
import type { CampaignInfo } from "../../../../api/manager.ts";
import { api } from "../../api.ts";
import { Field, FormError, FormOk, inputProps, NumberInput } from "../../components/Form.tsx";
import { useManager } from "../../context.ts";
import { useManageText } from "../../i18n-manage.ts";
import { navigate } from "../../router.tsx";
import { useAction } from "../../use-action.ts";
import { fromLocalInput, toLocalInput } from "../../util.ts";

const DAY = 24 * 3600_000;

/** Title, period, dates (extend) and expected count of a campaign that has not closed. */
export function CampaignEdit({
  campaign,
  onChange,
  onDone,
}: {
  campaign: CampaignInfo;
  onChange: (c: CampaignInfo) => void;
  onDone: () => void;
}) {
  const { t } = useManager();
  const tm = useManageText();
  const [title, setTitle] = useState(campaign.title ?? "");
  const [period, setPeriod] = useState(campaign.period);
  const [opensAt, setOpensAt] = useState(toLocalInput(new Date(campaign.opensAt)));
  const [closesAt, setClosesAt] = useState(toLocalInput(new Date(campaign.closesAt)));
  const [expected, setExpected] = useState(campaign.expected === null ? "" : String(campaign.expected));
  const [invalid, setInvalid] = useState<string | undefined>();
  const action = useAction();
  const scheduled = campaign.status === "scheduled";

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const exp = expected.trim();
    if (!period.trim() || !fromLocalInput(closesAt) || (exp !== "" && !/^\d+$/.test(exp))) {
      setInvalid(!period.trim() ? t.newCampaign.errRequired : t.newCampaign.errExpected);
      return;
    }
    setInvalid(undefined);
    await action.run(
      () =>
        api.updateCampaign(campaign.id, {
          title: title.trim(),
          period: period.trim(),
          closesAt: fromLocalInput(closesAt),
          ...(scheduled && { opensAt: fromLocalInput(opensAt) }),
          expected: exp === "" ? null : Number(exp),
        }),
      {
        after: (data) => {
          onChange(data.campaign);
          onDone();
        },
      },
    );
  };

  return (
    <form className="form sub-form" onSubmit={submit} noValidate data-testid="edit-campaign">
      <h2>{tm.editTitle}</h2>
      <Field id="ec-title" label={tm.title} hint={tm.titleHint}>
        <input
          {...inputProps("ec-title", undefined, tm.titleHint)}
          value={title}
          maxLength={200}
          onChange={(e) => setTitle(e.target.value)}
        />
      </Field>
      <Field id="ec-period" label={t.newCampaign.period} error={invalid}>
        <input
          {...inputProps("ec-period", invalid)}
          value={period}
          maxLength={100}
          onChange={(e) => setPeriod(e.target.value)}
        />
      </Field>
      <div className="row">
        <Field
          id="ec-opens"
          label={t.newCampaign.opensAt}
          hint={scheduled ? t.newCampaign.timeHint : tm.opensLocked}
        >
          <input
            {...inputProps("ec-opens", undefined, scheduled ? t.newCampaign.timeHint : tm.opensLocked)}
            type="datetime-local"
            value={opensAt}
            disabled={!scheduled}
            onChange={(e) => setOpensAt(e.target.value)}
          />
        </Field>
        <Field id="ec-closes" label={t.newCampaign.closesAt} hint={tm.extendHint}>
          <input
            {...inputProps("ec-closes", undefined, tm.extendHint)}
            type="datetime-local"
            value={closesAt}
            onChange={(e) => setClosesAt(e.target.value)}
          />
        </Field>
      </div>
      <Field id="ec-expected" label={t.newCampaign.expected}>
        <NumberInput
          id="ec-expected"
          min={0}
          step={1}
          value={expected}
          onChange={(e) => setExpected(e.target.value)}
        />
      </Field>
      <FormError message={action.error} />
      <div className="actions">
        <button type="submit" className="button" disabled={action.busy}>
          {tm.save}
        </button>
        <button type="button" className="button secondary" onClick={onDone}>
          {tm.cancel}
        </button>
      </div>
    </form>
  );
}

/** The next period's campaign: a new period name and dates; everything else is copied by the server. */
export function CampaignDuplicate({ campaign, onDone }: { campaign: CampaignInfo; onDone: () => void }) {
  const { t } = useManager();
  const tm = useManageText();
  // The next period starts where this one ends, for as long.
  const length = Math.max(DAY, Date.parse(campaign.closesAt) - Date.parse(campaign.opensAt));
  const start = Math.max(Date.now(), Date.parse(campaign.closesAt));
  const [period, setPeriod] = useState("");
  const [opensAt, setOpensAt] = useState(toLocalInput(new Date(start)));
  const [closesAt, setClosesAt] = useState(toLocalInput(new Date(start + length)));
  const [invalid, setInvalid] = useState<string | undefined>();
  const action = useAction();

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const o = fromLocalInput(opensAt);
    const c = fromLocalInput(closesAt);
    if (!period.trim() || !o || !c || Date.parse(c) <= Date.parse(o)) {
      setInvalid(!period.trim() ? t.newCampaign.errRequired : t.newCampaign.errOrder);
      return;
    }
    setInvalid(undefined);
    await action.run(
      () => api.duplicateCampaign(campaign.id, { period: period.trim(), opensAt: o, closesAt: c }),
      {
        after: (data) => navigate(`/manage/campaigns/${data.campaign.id}`),
      },
    );
  };

  return (
    <form className="form sub-form" onSubmit={submit} noValidate data-testid="duplicate-campaign">
      <h2>{tm.duplicateTitle}</h2>
      <p className="hint">{tm.duplicateHint}</p>
      <Field id="dc-period" label={t.newCampaign.period} hint={t.newCampaign.periodHint} error={invalid}>
        <input
          {...inputProps("dc-period", invalid, t.newCampaign.periodHint)}
          value={period}
          maxLength={100}
          onChange={(e) => setPeriod(e.target.value)}
        />
      </Field>
      <div className="row">
        <Field id="dc-opens" label={t.newCampaign.opensAt}>
          <input
            id="dc-opens"
            type="datetime-local"
            value={opensAt}
            onChange={(e) => setOpensAt(e.target.value)}
          />
        </Field>
        <Field id="dc-closes" label={t.newCampaign.closesAt}>
          <input
            id="dc-closes"
            type="datetime-local"
            value={closesAt}
            onChange={(e) => setClosesAt(e.target.value)}
          />
        </Field>
      </div>
      <FormError message={action.error} />
      <FormOk message={action.done} />
      <div className="actions">
        <button type="submit" className="button" disabled={action.busy}>
          {tm.duplicateSubmit}
        </button>
        <button type="button" className="button secondary" onClick={onDone}>
          {tm.cancel}
        </button>
      </div>
    </form>
  );
}
