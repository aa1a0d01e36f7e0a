import { type ChangeEvent, type ReactNode, useMemo, useState } from "react";
import type { CampaignInfo, CodeRow, UnitRow } from "../../../../api/manager.ts";
import { api } from "../../api.ts";
import { Field, FormError, FormOk, inputProps, NumberInput } from "../../components/Form.tsx";
import { useManager } from "../../context.ts";
import { keepFresh } from "../../fresh-codes.ts";
import { useManageText } from "../../i18n-manage.ts";
import { useAction } from "../../use-action.ts";
import { parseRoster } from "../../util.ts";

/** The campaign and unit codes are made for, and what to do once they are. */
interface GenProps {
  campaign: CampaignInfo;
  unit: UnitRow;
  onCreated: () => Promise<void>;
}

/** Creates codes of the campaign at the unit, and keeps the state of the form that asks for them. */
function useCreate({ campaign, unit, onCreated }: GenProps) {
  const { t } = useManager();
  const action = useAction();
  const [invalid, setInvalid] = useState<string | undefined>();
  /** Creates the codes unless `problem` says what is wrong with the input; true when they were. */
  const create = async (how: { count?: number } | { holders: string[] }, problem?: string) => {
    setInvalid(problem);
    if (problem) return false;
    const r = await action.run(() => api.createCodes(campaign.id, unit.code, how), {
      done: (data) => {
        keepFresh(data.codes);
        return t.campaign.created(data.codes.length);
      },
      after: onCreated,
    });
    return r.ok;
  };
  return { ...action, invalid, setInvalid, create };
}

/** A form that creates codes: its fields, its button, its error and success note. */
function GenForm({
  testId,
  gen,
  button,
  onSubmit,
  noValidate,
  children,
}: {
  testId: string;
  gen: ReturnType<typeof useCreate>;
  button: string;
  onSubmit: () => void;
  noValidate?: boolean;
  children: ReactNode;
}) {
  return (
    <form
      className="gen"
      onSubmit={(e) => {
        e.preventDefault();
        onSubmit();
      }}
      noValidate={noValidate}
      data-testid={testId}
    >
      {children}
      <button type="submit" className="button" disabled={gen.busy}>
        {button}
      </button>
      <FormError message={gen.error} />
      <FormOk message={gen.done} />
    </form>
  );
}

/**
 * Codes by number: staff codes, or a parent campaign's single-use codes (one per family). The number
 * starts at what the school still needs: the expected count less its active codes.
 */
export function CountForm(props: GenProps & { active: number }) {
  const tc = useManager().t.campaign;
  const tm = useManageText();
  const single = props.campaign.kind === "parent";
  const expected = props.campaign.expected;
  const suggested = expected ? Math.max(0, expected - props.active) : 0;
  const [count, setCount] = useState(String(suggested > 0 ? Math.min(suggested, 2000) : 30));
  const gen = useCreate(props);
  const n = Number(count);
  const valid = /^\d+$/.test(count.trim()) && n >= 1 && n <= 2000;
  const hint = suggested > 0 && expected ? tm.countDefaultHint(expected) : single ? tm.singleHint : undefined;
  const id = single ? "gen-single" : "gen-count";

  return (
    <GenForm
      testId={single ? "create-single-use" : "create-count"}
      gen={gen}
      button={single ? tm.createSingle(valid ? n : 0) : tc.createStaff(valid ? n : 0)}
      onSubmit={() => void gen.create({ count: n }, valid ? undefined : "1–2000")}
      noValidate
    >
      <h3>{single ? tm.singleTitle : tc.countTitle}</h3>
      <Field id={id} label={single ? tm.singleCount : tc.staffCount} hint={hint} error={gen.invalid}>
        <NumberInput
          {...inputProps(id, gen.invalid, hint)}
          min={1}
          max={2000}
          value={count}
          onChange={(e) => setCount(e.target.value)}
        />
      </Field>
    </GenForm>
  );
}

export function RosterForm(props: GenProps) {
  const tc = useManager().t.campaign;
  const [text, setText] = useState("");
  const gen = useCreate(props);
  const names = useMemo(() => parseRoster(text), [text]);

  const pick = async (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    if (!file) return;
    setText(await file.text());
    gen.setInvalid(undefined);
  };

  const submit = async () => {
    if (await gen.create({ holders: names }, names.length === 0 ? tc.rosterEmpty : undefined)) setText("");
  };

  return (
    <GenForm
      testId="create-roster"
      gen={gen}
      button={tc.createRoster(names.length)}
      onSubmit={() => void submit()}
      noValidate
    >
      <h3>{tc.rosterTitle}</h3>
      <Field id="gen-roster-file" label={tc.rosterFile}>
        <input id="gen-roster-file" type="file" accept=".csv,.txt,text/csv,text/plain" onChange={pick} />
      </Field>
      <Field id="gen-roster" label={tc.rosterText} hint={tc.rosterHint} error={gen.invalid}>
        <textarea
          {...inputProps("gen-roster", gen.invalid, tc.rosterHint)}
          rows={5}
          value={text}
          onChange={(e) => setText(e.target.value)}
        />
      </Field>
    </GenForm>
  );
}

export function SingleForm(props: GenProps & { existing: number }) {
  const tc = useManager().t.campaign;
  const gen = useCreate(props);
  const parent = props.campaign.kind === "parent";
  return (
    <GenForm
      testId="create-single"
      gen={gen}
      button={parent ? tc.createParent : tc.createUnitCode}
      // No count: the school's shared parent link (a count would make single-use codes).
      onSubmit={() => void gen.create(parent ? {} : { count: 1 })}
    >
      {parent && (
        <p className="muted">{props.existing > 0 ? tc.parentExists(props.existing) : tc.parentHint}</p>
      )}
    </GenForm>
  );
}

/** The forms that make codes for this campaign's kind: staff by number or roster; parents a link or single-use codes. */
export function CodeForms({ rows, ...props }: GenProps & { rows: CodeRow[] }) {
  const live = rows.filter((c) => !c.revokedAt);
  if (props.campaign.kind === "staff")
    return (
      <div className="generators">
        <CountForm {...props} active={live.length} />
        <RosterForm {...props} />
      </div>
    );
  if (props.campaign.kind === "parent")
    return (
      <div className="generators">
        <SingleForm {...props} existing={live.filter((c) => c.url).length} />
        <CountForm {...props} active={live.filter((c) => c.singleUse).length} />
      </div>
    );
  return <SingleForm {...props} existing={live.length} />;
}
