import { type ChangeEvent, type FormEvent, useMemo, useState } from "react";
import { api } from "../../api.ts";
import { Field, FormError, FormOk, inputProps } from "../../components/Form.tsx";
import { useManager } from "../../context.ts";
import type { CampaignInfo, UnitRow } from "../../types.ts";
import { useAction } from "../../use-action.ts";
import { parseRoster } from "../../util.ts";

/** The campaign and unit codes are made for, and what to do once they are. */
interface GenProps {
  campaign: CampaignInfo;
  unit: UnitRow;
  onCreated: () => Promise<void>;
}

/** Creates codes of the campaign at the unit; true when they were. */
function useCreate({ campaign, unit, onCreated }: GenProps) {
  const { t } = useManager();
  const { error, done, busy, run } = useAction();
  const create = async (how: { count: number } | { holders: string[] }) => {
    const r = await run(() => api.createCodes(campaign.id, unit.code, how), {
      done: (data) => t.campaign.created(data.codes.length),
      after: onCreated,
    });
    return r.ok;
  };
  return { error, done, busy, create };
}

export function CountForm(props: GenProps) {
  const { t } = useManager();
  const tc = t.campaign;
  const [count, setCount] = useState("30");
  const [invalid, setInvalid] = useState<string | undefined>();
  const { error, done, busy, create } = useCreate(props);
  const n = Number(count);
  const valid = /^\d+$/.test(count.trim()) && n >= 1 && n <= 2000;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!valid) {
      setInvalid("1–2000");
      return;
    }
    setInvalid(undefined);
    void create({ count: n });
  };

  return (
    <form className="gen" onSubmit={submit} noValidate data-testid="create-count">
      <h3>{tc.countTitle}</h3>
      <Field id="gen-count" label={tc.staffCount} error={invalid}>
        <input
          {...inputProps("gen-count", invalid)}
          type="number"
          inputMode="numeric"
          min={1}
          max={2000}
          className="narrow"
          value={count}
          onChange={(e) => setCount(e.target.value)}
        />
      </Field>
      <button type="submit" className="button" disabled={busy}>
        {tc.createStaff(valid ? n : 0)}
      </button>
      <FormError message={error} />
      <FormOk message={done} />
    </form>
  );
}

export function RosterForm(props: GenProps) {
  const { t } = useManager();
  const tc = t.campaign;
  const [text, setText] = useState("");
  const [invalid, setInvalid] = useState<string | undefined>();
  const { error, done, busy, create } = useCreate(props);
  const names = useMemo(() => parseRoster(text), [text]);

  const pick = async (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    if (!file) return;
    setText(await file.text());
    setInvalid(undefined);
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (names.length === 0) {
      setInvalid(tc.rosterEmpty);
      return;
    }
    setInvalid(undefined);
    if (await create({ holders: names })) setText("");
  };

  return (
    <form className="gen" onSubmit={submit} noValidate data-testid="create-roster">
      <h3>{tc.rosterTitle}</h3>
      <Field id="gen-roster-file" label={tc.rosterFile}>
        <input id="gen-roster-file" type="file" accept=".csv,.txt,text/csv,text/plain" onChange={pick} />
      </Field>
      <Field id="gen-roster" label={tc.rosterText} hint={tc.rosterHint} error={invalid}>
        <textarea
          {...inputProps("gen-roster", invalid, tc.rosterHint)}
          rows={5}
          value={text}
          onChange={(e) => setText(e.target.value)}
        />
      </Field>
      <button type="submit" className="button" disabled={busy}>
        {tc.createRoster(names.length)}
      </button>
      <FormError message={error} />
      <FormOk message={done} />
    </form>
  );
}

export function SingleForm(props: GenProps & { existing: number }) {
  const { t } = useManager();
  const tc = t.campaign;
  const { error, done, busy, create } = useCreate(props);
  const parent = props.campaign.kind === "parent";
  return (
    <form
      className="gen"
      data-testid="create-single"
      onSubmit={(e) => {
        e.preventDefault();
        void create({ count: 1 });
      }}
    >
      {parent && (
        <p className="muted">{props.existing > 0 ? tc.parentExists(props.existing) : tc.parentHint}</p>
      )}
      <button type="submit" className="button" disabled={busy}>
        {parent ? tc.createParent : tc.createUnitCode}
      </button>
      <FormError message={error} />
      <FormOk message={done} />
    </form>
  );
}
