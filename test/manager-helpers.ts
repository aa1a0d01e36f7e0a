import { createAccount } from "../server/accounts/create-account.ts";
import type { Store } from "../server/store/store.ts";
import type { Role } from "../server/store/types.ts";

type Fetcher = { request: (path: string, init?: RequestInit) => Response | Promise<Response> };

/** A signed-in browser: the session cookie and CSRF token sent the way the client sends them. */
export interface Agent {
  request(path: string, init?: RequestInit & { json?: unknown; csv?: string }): Promise<Response>;
  cookie: string;
  csrfToken: string;
}

export const PASSWORD = "correct horse battery";

export async function addAccount(
  store: Store,
  username: string,
  role: Role,
  unitCode: string | null,
  now: Date,
) {
  await createAccount(store, { username, role, unitCode, password: PASSWORD }, now);
}

export async function signIn(app: Fetcher, username: string, password = PASSWORD): Promise<Agent> {
  const res = await app.request("/api/session", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ username, password }),
  });
  if (res.status !== 201) throw new Error(`sign-in of ${username} gave ${res.status}: ${await res.text()}`);
  const cookie = (res.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  return agent(app, cookie, csrfToken);
}

/** No session at all. */
export const anonymous = (app: Fetcher): Agent => agent(app, "", "");

function agent(app: Fetcher, cookie: string, csrfToken: string): Agent {
  return {
    cookie,
    csrfToken,
    request: async (path, init = {}) => {
      const headers = new Headers(init.headers);
      if (cookie) headers.set("cookie", cookie);
      if (csrfToken) headers.set("x-csrf-token", csrfToken);
      let body = init.body;
      if (init.json !== undefined) {
        headers.set("content-type", "application/json");
        body = JSON.stringify(init.json);
      } else if (init.csv !== undefined) {
        headers.set("content-type", "text/csv; charset=utf-8");
        body = init.csv;
      }
      return app.request(path, { ...init, headers, body });
    },
  };
}

/** Downloads an export the way the client does: a short-lived link by POST, then a GET of it. */
export async function download(
  a: Agent,
  campaignId: number,
  format: "csv" | "xlsx",
  unit?: string,
  init: RequestInit = {},
): Promise<Response> {
  const link = await a.request(`/api/campaigns/${campaignId}/export-link`, {
    method: "POST",
    json: { format, ...(unit && { unit }) },
  });
  const fallback = `/api/campaigns/${campaignId}/export.${format}${unit ? `?unit=${unit}` : ""}`;
  return a.request(link.ok ? ((await link.json()) as { url: string }).url : fallback, init);
}
