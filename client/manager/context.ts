import { createContext, useContext } from "react";
import type { Account, UnitRow } from "../../api/manager.ts";
import type { Locale } from "../i18n.ts";
import type { ManagerStrings } from "./i18n.ts";

export interface ManagerContext {
  account: Account;
  locale: Locale;
  t: ManagerStrings;
  /** The units the account sees, depth-first; null while loading. */
  units: UnitRow[] | null;
  unitsError: string | null;
  reloadUnits: () => Promise<void>;
}

export const Manager = createContext<ManagerContext | null>(null);

export function useManager(): ManagerContext {
  const ctx = useContext(Manager);
  if (!ctx) throw new Error("useManager outside ManagerApp");
  return ctx;
}
