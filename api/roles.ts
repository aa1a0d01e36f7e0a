/** A manager's role at a unit, valid for the unit's whole subtree; each role can do what the ones before it can. */
export type Role = "viewer" | "manager" | "admin";
export const ROLES: readonly Role[] = ["viewer", "manager", "admin"];

/** Whether `role` grants at least what `need` grants. */
export function atLeast(role: Role, need: Role): boolean {
  return ROLES.indexOf(role) >= ROLES.indexOf(need);
}
