import { Fragment, useState } from "react";
import { ListState, useTitle } from "../../components/Bits.tsx";
import { TableHead } from "../../components/TableHead.tsx";
import { useManager } from "../../context.ts";
import { unitKindLabel } from "../../i18n.ts";
import { CreateUnit } from "./CreateUnit.tsx";
import { ImportUnits } from "./ImportUnits.tsx";
import { UnitEditor } from "./UnitEditor.tsx";

export function UnitsPage() {
  const { t, locale, account, units, unitsError, reloadUnits } = useManager();
  const tu = t.units;
  useTitle(tu.title);
  const admin = account.role === "admin";
  const [editing, setEditing] = useState<string | null>(null);
  const base = units?.[0]?.depth ?? 0;

  return (
    <section>
      <h1>{tu.title}</h1>
      {!admin && <p className="muted">{tu.readOnly}</p>}
      <ListState
        error={unitsError}
        onRetry={() => void reloadUnits()}
        loaded={!!units}
        count={units?.length ?? 0}
        empty={tu.empty}
        className="card muted"
      />
      {units && units.length > 0 && (
        <div className="table-wrap">
          <table className="table tree" data-testid="units">
            <TableHead cols={[tu.name, tu.code, tu.kind]} actions={admin ? tu.actions : undefined} />
            <tbody>
              {units.map((u) => (
                <Fragment key={u.code}>
                  <tr data-code={u.code} className={editing === u.code ? "selected" : undefined}>
                    <td>
                      <span className="tree-name" style={{ paddingLeft: `${(u.depth - base) * 1.5}rem` }}>
                        {u.depth > base && (
                          <span className="tree-mark" aria-hidden="true">
                            └
                          </span>
                        )}
                        {u.name}
                      </span>
                    </td>
                    <td className="mono">{u.code}</td>
                    <td>{unitKindLabel(u.kind, locale)}</td>
                    {admin && (
                      <td className="right">
                        <button
                          type="button"
                          className="button secondary small"
                          aria-expanded={editing === u.code}
                          aria-label={`${tu.edit} ${u.name}`}
                          onClick={() => setEditing(editing === u.code ? null : u.code)}
                        >
                          {editing === u.code ? tu.close : tu.edit}
                        </button>
                      </td>
                    )}
                  </tr>
                  {admin && editing === u.code && (
                    <tr className="edit-row">
                      <td colSpan={4}>
                        <UnitEditor unit={u} units={units} onDone={reloadUnits} />
                      </td>
                    </tr>
                  )}
                </Fragment>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {admin && units && (
        <div className="two-col">
          <CreateUnit units={units} />
          <ImportUnits />
        </div>
      )}
    </section>
  );
}
