import { useEffect, useRef, useState } from "react";
import { api } from "../../api.ts";
import { Field, FormError, FormOk } from "../../components/Form.tsx";
import { UnitOptions } from "../../components/UnitOptions.tsx";
import { useManager } from "../../context.ts";
import type { UnitRow } from "../../types.ts";
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
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (!name.trim()) return rename.setError(t.newCampaign.errRequired);
          void rename.run(() => api.updateUnit(unit.code, { name: name.trim() }), changed);
        }}
        noValidate
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
        <button type="submit" className="button small" disabled={rename.busy}>
          {tu.rename}
        </button>
        <FormError message={rename.error} />
        <FormOk message={rename.done} />
      </form>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (!parent) return move.setError(t.newCampaign.errRequired);
          void move.run(() => api.updateUnit(unit.code, { parentCode: parent }), changed);
        }}
        noValidate
      >
        <Field id={`move-${unit.code}`} label={tu.moveLabel}>
          <select id={`move-${unit.code}`} value={parent} onChange={(e) => setParent(e.target.value)}>
            <option value="">{tu.choose}</option>
            <UnitOptions units={outside.filter((u) => u.code !== unit.parentCode)} base={base} />
          </select>
        </Field>
        <button type="submit" className="button small" disabled={move.busy}>
          {tu.move}
        </button>
        <FormError message={move.error} />
        <FormOk message={move.done} />
      </form>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          const target = units.find((u) => u.code === into);
          if (!target) return merge.setError(t.newCampaign.errRequired);
          if (!window.confirm(tu.mergeConfirm(unit.name, target.name))) return;
          void merge.run(() => api.mergeUnit(unit.code, into), changed);
        }}
        noValidate
      >
        <Field id={`merge-${unit.code}`} label={tu.mergeLabel}>
          <select id={`merge-${unit.code}`} value={into} onChange={(e) => setInto(e.target.value)}>
            <option value="">{tu.choose}</option>
            <UnitOptions units={outside} base={base} />
          </select>
        </Field>
        <button type="submit" className="button small danger" disabled={merge.busy}>
          {tu.merge}
        </button>
        <FormError message={merge.error} />
      </form>
    </div>
  );
}
