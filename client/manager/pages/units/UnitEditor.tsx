import { type ReactNode, useEffect, useRef, useState } from "react";
import type { UnitRow } from "../../../../api/manager.ts";
import { api } from "../../api.ts";
import { Field, FormError, FormOk } from "../../components/Form.tsx";
import { UnitOptions } from "../../components/UnitOptions.tsx";
import { useManager } from "../../context.ts";
import { useAction } from "../../use-action.ts";
import { subtree } from "../../util.ts";

/** Rename, move or merge one unit (the row under the unit's line in the tree). */
export function UnitEditor({
  unit,
  units,
  onDone,
}: {
  unit: UnitRow;
  units: UnitRow[];
  onDone: () => Promise<void>;
}) {
  const { t } = useManager();
  const tu = t.units;
  const inside = new Set(subtree(units, unit.code).map((u) => u.code));
  const outside = units.filter((u) => !inside.has(u.code));
  const base = units[0]?.depth ?? 0;
  const [name, setName] = useState(unit.name);
  const [parent, setParent] = useState("");
  const [into, setInto] = useState("");
  const rename = useAction();
  const move = useAction();
  const merge = useAction();
  const changed = { done: tu.done, after: onDone };
  const first = useRef<HTMLInputElement>(null);
  useEffect(() => first.current?.focus(), []);

  return (
    <div className="editor">
      <EditForm
        action={rename}
        button={tu.rename}
        onSubmit={() => {
          if (!name.trim()) return rename.setError(t.newCampaign.errRequired);
          void rename.run(() => api.updateUnit(unit.code, { name: name.trim() }), changed);
        }}
      >
        <Field id={`rename-${unit.code}`} label={tu.renameLabel}>
          <input
            ref={first}
            id={`rename-${unit.code}`}
            value={name}
            maxLength={200}
            onChange={(e) => setName(e.target.value)}
          />
        </Field>
      </EditForm>
      <EditForm
        action={move}
        button={tu.move}
        onSubmit={() => {
          if (!parent) return move.setError(t.newCampaign.errRequired);
          void move.run(() => api.updateUnit(unit.code, { parentCode: parent }), changed);
        }}
      >
        <UnitPick
          id={`move-${unit.code}`}
          label={tu.moveLabel}
          value={parent}
          onPick={setParent}
          units={outside.filter((u) => u.code !== unit.parentCode)}
          base={base}
        />
      </EditForm>
      {/* No success note: the merged unit leaves the tree, and its editor with it. */}
      <EditForm
        action={merge}
        button={tu.merge}
        danger
        onSubmit={() => {
          const target = units.find((u) => u.code === into);
          if (!target) return merge.setError(t.newCampaign.errRequired);
          if (!window.confirm(tu.mergeConfirm(unit.name, target.name))) return;
          void merge.run(() => api.mergeUnit(unit.code, into), changed);
        }}
      >
        <UnitPick
          id={`merge-${unit.code}`}
          label={tu.mergeLabel}
          value={into}
          onPick={setInto}
          units={outside}
          base={base}
        />
      </EditForm>
    </div>
  );
}

/** One change of the editor: its fields, its button, its error (and its success note, unless `danger`). */
function EditForm({
  action,
  button,
  danger,
  onSubmit,
  children,
}: {
  action: ReturnType<typeof useAction>;
  button: string;
  danger?: boolean;
  onSubmit: () => void;
  children: ReactNode;
}) {
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        onSubmit();
      }}
      noValidate
    >
      {children}
      <button
        type="submit"
        className={danger ? "button small danger" : "button small"}
        disabled={action.busy}
      >
        {button}
      </button>
      <FormError message={action.error} />
      {!danger && <FormOk message={action.done} />}
    </form>
  );
}

/** A unit picker that starts on "choose". */
function UnitPick({
  id,
  label,
  value,
  onPick,
  units,
  base,
}: {
  id: string;
  label: string;
  value: string;
  onPick: (code: string) => void;
  units: UnitRow[];
  base: number;
}) {
  const { t } = useManager();
  return (
    <Field id={id} label={label}>
      <select id={id} value={value} onChange={(e) => onPick(e.target.value)}>
        <option value="">{t.units.choose}</option>
        <UnitOptions units={units} base={base} />
      </select>
    </Field>
  );
}
