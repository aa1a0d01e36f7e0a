import { Fragment, useState } from "react";
import { LoadError, Loading, useTitle } from "../../components/Bits.tsx";
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
      {unitsError && <LoadError message={unitsError} onRetry={() => void reloadUnits()} />}
      {!units && !unitsError && <Loading />}
      {units && units.length === 0 && <p className="card muted">{tu.empty}</p>}
      {units && units.length > 0 && (
        <div className="table-wrap">
          <table className="table tree" data-testid="units">
            <thead>
              <tr>
                <th scope="col">{tu.name}</th>
                <th scope="col">{tu.code}</th>
                <th scope="col">{tu.kind}</th>
                {admin && (
                  <th scope="col">
                    <span className="sr-only">{tu.actions}</span>
                  </th>
                )}
              </tr>
            </thead>
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
