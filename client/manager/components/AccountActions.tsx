import type { Account, Role } from "../../../api/manager.ts";
import { api } from "../api.ts";
import { useManager } from "../context.ts";
import { useAction } from "../use-action.ts";
import { FormError, FormOk } from "./Form.tsx";

const ROLES: Role[] = ["viewer", "manager", "admin"];

/**
 * An admin's actions on one account of the list: change its role, reset its password (the new one is
 * handed up to be shown once), disable or enable it, sign it out everywhere.
 */
export function AccountActions({
  target,
  onChanged,
  onPassword,
}: {
  target: Account;
  onChanged: () => Promise<void>;
  onPassword: (username: string, password: string) => void;
}) {
  const { t } = useManager();
  const ta = t.accounts;
  const action = useAction();
  const name = target.username;
  const disabled = !!target.disabledAt;

  const reset = () => {
    if (!window.confirm(ta.confirmReset(name))) return;
    void action.run(() => api.resetPassword(name), { after: (d) => onPassword(d.username, d.password) });
  };
  const toggle = () => {
    if (!disabled && !window.confirm(ta.confirmDisable(name))) return;
    void action.run(() => api.changeAccount(name, { disabled: !disabled }), { after: onChanged });
  };

  return (
    <div className="row-actions" data-testid={`account-actions-${name}`}>
      <select
        aria-label={`${ta.role}: ${name}`}
        value={target.role}
        disabled={action.busy}
        onChange={(e) =>
          void action.run(() => api.changeAccount(name, { role: e.target.value as Role }), {
            done: ta.changed,
            after: onChanged,
          })
        }
      >
        {ROLES.map((r) => (
          <option key={r} value={r}>
            {t.roles[r]}
          </option>
        ))}
      </select>
      <button type="button" className="button secondary small" disabled={action.busy} onClick={reset}>
        {ta.reset}
      </button>
      <button type="button" className="button secondary small" disabled={action.busy} onClick={toggle}>
        {disabled ? ta.enable : ta.disable}
      </button>
      <button
        type="button"
        className="button secondary small"
        disabled={action.busy}
        onClick={() => void action.run(() => api.endSessions(name), { done: (d) => ta.ended(d.ended) })}
      >
        {ta.endSessions}
      </button>
      <FormError message={action.error} />
      <FormOk message={action.done} />
    </div>
  );
}
