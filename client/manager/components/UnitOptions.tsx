import type { UnitRow } from "../../../api/manager.ts";
import { indented } from "../util.ts";

/** The options of a unit picker, indented by depth below `base` (the first unit's depth by default). */
export function UnitOptions({ units, base = units[0]?.depth ?? 0 }: { units: UnitRow[]; base?: number }) {
  return (
    <>
      {units.map((u) => (
        <option key={u.code} value={u.code}>
          {indented(u, base)}
        </option>
      ))}
    </>
  );
}
