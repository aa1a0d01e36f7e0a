import type { AppEnv } from "../app-env.ts";
import { HttpError } from "../http/http-error.ts";
import type { Unit } from "../store/types.ts";

export async function unitOr404(c: { var: AppEnv["Variables"] }, code: string): Promise<Unit> {
  const unit = await c.var.store.units.get(code);
  if (!unit) throw new HttpError(404, "unit_not_found", `No unit ${code}`);
  return unit;
}
