import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createApp } from "../server/app.ts";
import type { Store } from "../server/store/store.ts";
import {
  allRatings,
  CLOSES,
  catalogueForm,
  DURING,
  fixedClock,
  OPENS,
  setUpWorld,
  tempDir,
} from "./helpers.ts";
import { type Agent, addAccount, signIn } from "./manager-helpers.ts";

const dir = tempDir();
const clock = fixedClock(DURING);
const staffForm = catalogueForm("happy-school-staff");
let store: Store;
let app: ReturnType<typeof createApp>;
let seq = 0;
const good = () => allRatings(staffForm, 3);
const parentAnswers = () => allRatings(catalogueForm("happy-school-parent"), 4);
const PARENT = "/api/a/PARENT000001/responses";
const SQL_TEXT = "'; DROP TABLE responses; -- \" OR 1=1";
const HTML_TEXT = '<script>alert("x")</script><img src=x onerror=alert(1)>';
const id = () => `bad-input-${++seq}`;

interface Row {
  method: "GET" | "POST";
  path: string;
  /** A string is sent as is; anything else as JSON. */
  body?: unknown;
  raw?: Uint8Array;
  contentType?: string | null;
  at?: string;
  status: number;
  code?: string;
  /** Rows that must be stored (accepted input), instead of nothing. */
  stores?: number;
  /** Audit entries it must write (a failed sign-in), instead of nothing. */
  audits?: number;
}

const J = "application/json";
const nested = (depth: number) => `${"[".repeat(depth)}1${"]".repeat(depth)}`;
const post = (body: unknown, extra: Partial<Row> = {}): Row => ({
  method: "POST",
  path: "/api/a/STAFF00001/responses",
  body,
  status: 400,
  ...extra,
});

const MATRIX: Record<string, Row> = {
  // POST /api/a/:code/responses
  "malformed JSON": post("{answers:", { code: "invalid_json" }),
  "an empty body": post("", { code: "invalid_json" }),
  "a text/plain body": post(JSON.stringify({ answers: {}, clientId: "x".repeat(10) }), {
    contentType: "text/plain",
    status: 415,
    code: "unsupported_media_type",
  }),
  "no content type": post(JSON.stringify({ answers: {}, clientId: "x".repeat(10) }), {
    contentType: null,
    status: 415,
    code: "unsupported_media_type",
  }),
  "a body over 64 KB": post(
    { answers: { ...good(), suggestions: "ă".repeat(40_000) }, clientId: "too-big-1" },
    { status: 413, code: "body_too_large" },
  ),
  "deeply nested JSON": post(`{"clientId":"nested-001","answers":{"suggestions":${nested(20_000)}}}`, {
    code: "invalid_answers",
  }),
  "nesting just past the limit": post(`{"clientId":"nested-002","answers":{"suggestions":${nested(17)}}}`, {
    code: "invalid_answers",
  }),
  "a huge array as an answer": post(
    { answers: { ...good(), tc1_01: Array.from({ length: 10_000 }, () => 1) }, clientId: "huge-array" },
    { code: "invalid_answers" },
  ),
  "a very long string": post(
    { answers: { ...good(), suggestions: "a".repeat(30_000) }, clientId: "long-string" },
    { code: "invalid_answers" },
  ),
  "16,000 rows for a 20-row dynamic matrix": post(
    `{"clientId":"rows-16000","answers":{"targets":[${Array(16_000).fill("{}").join(",")}]}}`,
    { path: "/api/a/EMUL000001/responses", code: "invalid_answers" },
  ),
  "more answer keys than the form has places": post(
    {
      answers: Object.fromEntries(Array.from({ length: 2000 }, (_, i) => [`k${i}`, 1])),
      clientId: "many-keys",
    },
    { code: "invalid_answers" },
  ),
  "a 1-KB garbage code": post(
    { answers: good(), clientId: id() },
    { path: `/api/a/${"Z".repeat(1000)}/responses`, status: 404, code: "code_not_found" },
  ),
  "a __proto__ answer key": post(
    `{"clientId":"proto-answer","answers":{"__proto__":{"isAdmin":true},"tc1_01":3}}`,
    { code: "invalid_answers" },
  ),
  "a constructor answer key": post(
    { answers: { ...good(), constructor: { prototype: 1 } }, clientId: "constructor" },
    { code: "invalid_answers" },
  ),
  "a __proto__ body key": post(`{"__proto__":{"answers":{},"clientId":"proto-bodyyy"}}`, {
    code: "invalid_body",
  }),
  "a number as a string": post(
    { answers: { ...good(), tc1_01: "3" }, clientId: "num-as-str" },
    { code: "invalid_answers" },
  ),
  "a string as a number": post(
    { answers: { ...good(), suggestions: 42 }, clientId: "str-as-num" },
    { code: "invalid_answers" },
  ),
  "NaN as text": post(
    { answers: { ...good(), tc1_01: "NaN" }, clientId: "nan-text" },
    { code: "invalid_answers" },
  ),
  "Infinity (1e999)": post(
    `{"clientId":"infinity1","answers":${JSON.stringify(good()).replace('"tc1_01":3', '"tc1_01":1e999')}}`,
    { code: "invalid_answers" },
  ),
  "invalid UTF-8": post(undefined, {
    raw: new Uint8Array([
      ...new TextEncoder().encode('{"clientId":"utf8-bad-1","answers":{"suggestions":"'),
      0xc3,
      0x28,
      0xff,
      ...new TextEncoder().encode('"}}'),
    ]),
    code: "invalid_answers",
  }),
  "answers as null": post({ answers: null, clientId: "null-answers" }, { code: "invalid_body" }),
  "a clientId that is a number": post({ answers: good(), clientId: 12345678 }, { code: "invalid_body" }),
  "a clientId with SQL in it": post(
    { answers: good(), clientId: "x'); DROP TABLE responses;--" },
    { code: "invalid_body" },
  ),
  "SQL-looking text (stored verbatim)": post(
    { answers: { ...parentAnswers(), suggestions: SQL_TEXT }, clientId: "sql-text-1" },
    { path: PARENT, status: 201, stores: 1 },
  ),
  "HTML and script text (stored verbatim)": post(
    { answers: { ...parentAnswers(), suggestions: HTML_TEXT }, clientId: "html-text-1" },
    { path: PARENT, status: 201, stores: 1 },
  ),
  "an unknown code": post(
    { answers: good(), clientId: id() },
    { path: "/api/a/KHONGCOMA1/responses", status: 404, code: "code_not_found" },
  ),
  "a revoked code": post(
    { answers: good(), clientId: id() },
    { path: "/api/a/REVOKED001/responses", status: 404, code: "code_revoked" },
  ),
  "a closed campaign": post(
    { answers: good(), clientId: id() },
    { path: "/api/a/STAFF00002/responses", at: CLOSES, status: 410, code: "campaign_closed" },
  ),
  "a replayed clientId": post(
    { answers: parentAnswers(), clientId: "sql-text-1" },
    { path: PARENT, status: 200 },
  ),
  // GET /api/a/:code
  "a 5,000-character code": {
    method: "GET",
    path: `/api/a/${"A".repeat(5000)}`,
    status: 404,
    code: "code_not_found",
  },
  "an SQL-looking code": {
    method: "GET",
    path: `/api/a/${encodeURIComponent("' OR '1'='1")}`,
    status: 404,
    code: "code_not_found",
  },
  "a Vietnamese code": {
    method: "GET",
    path: `/api/a/${encodeURIComponent("MÃSỐ")}`,
    status: 404,
    code: "code_not_found",
  },
  // GET /api/forms and /api/forms/:formId
  "the form list": { method: "GET", path: "/api/forms", status: 200 },
  "a path-traversal form id": {
    method: "GET",
    path: `/api/forms/${encodeURIComponent("../../etc/passwd")}`,
    status: 404,
    code: "form_not_found",
  },
  "an SQL-looking version": {
    method: "GET",
    path: `/api/forms/happy-school-staff?version=${encodeURIComponent("' OR '1'='1")}`,
    status: 404,
    code: "form_not_found",
  },
  // POST /api/session
  "sign-in with malformed JSON": {
    method: "POST",
    path: "/api/session",
    body: "{user",
    status: 400,
    code: "invalid_json",
  },
  "sign-in with wrong types": {
    method: "POST",
    path: "/api/session",
    body: { username: ["a"], password: 1 },
    status: 400,
    code: "invalid_body",
  },
  "sign-in with a huge username": {
    method: "POST",
    path: "/api/session",
    body: { username: "u".repeat(5000), password: "p" },
    status: 400,
    code: "invalid_body",
  },
  "sign-in with SQL in the username": {
    method: "POST",
    path: "/api/session",
    body: { username: "admin' --", password: "x" },
    status: 401,
    code: "invalid_credentials",
    audits: 1,
  },
  "sign-in as text/plain": {
    method: "POST",
    path: "/api/session",
    body: "username=a",
    contentType: "text/plain",
    status: 415,
    code: "unsupported_media_type",
  },
  "an unknown API route": { method: "GET", path: "/api/nothing/here", status: 404, code: "not_found" },
};

beforeAll(async () => {
  ({ store } = await setUpWorld(`${dir.path}/bad-input.db`, clock));
  const emulation = await store.campaigns.create(
    {
      unitCode: "P",
      period: "2026 thi đua",
      opensAt: new Date(OPENS),
      closesAt: new Date(CLOSES),
      formId: "emulation-registration",
      kind: "staff",
    },
    clock.now(),
  );
  await store.campaigns.addCodes(emulation.id, "S1", "staff", ["EMUL000001"], clock.now());
  app = createApp({ store, clock, logError: () => {} });
});
afterAll(async () => {
  await store.close();
  dir.remove();
});

describe("bad input on every public route", () => {
  test.each(Object.entries(MATRIX))("%s", async (_label, row) => {
    clock.set(row.at ?? DURING);
    const before = await store.countRows();
    const headers: Record<string, string> = {};
    const contentType = row.contentType === undefined ? J : row.contentType;
    if (contentType) headers["content-type"] = contentType;
    // Raw bytes go as an ArrayBuffer: invalid UTF-8 must reach the server untouched.
    const body =
      (row.raw?.slice().buffer as ArrayBuffer | undefined) ??
      (row.body === undefined
        ? undefined
        : typeof row.body === "string"
          ? row.body
          : JSON.stringify(row.body));
    const res = await app.request(row.path, { method: row.method, headers, body });
    expect(res.status).toBe(row.status);
    expect(res.headers.get("content-type")).toMatch(/^application\/json/);
    const json = await res.json();
    if (row.code) {
      expect(json.error.code).toBe(row.code);
      expect(typeof json.error.message).toBe("string");
    }
    expect(JSON.stringify(json)).not.toMatch(/\bat \S+\.ts:\d+|Error: /);
    const after = await store.countRows();
    if (row.stores) expect(after.responses).toBe(before.responses + row.stores);
    else expect(after).toEqual({ ...before, audit_log: before.audit_log + (row.audits ?? 0) });
  });

  test("text that looks like SQL or HTML is stored exactly as sent", async () => {
    const texts = (await store.responses.listRaw(2)).map((r) => r.answers.suggestions);
    expect(texts).toEqual([SQL_TEXT, HTML_TEXT]);
  });

  test("the matrix covers every public route", () => {
    const covered = new Set(
      Object.values(MATRIX).map(
        (r) =>
          `${r.method} ${
            r.path
              .replace(/\/a\/[^/]+/, "/a/:code")
              .replace(/\/forms\/[^?]+/, "/forms/:formId")
              .split("?")[0]
          }`,
      ),
    );
    for (const route of [
      "POST /api/a/:code/responses",
      "GET /api/a/:code",
      "GET /api/forms",
      "GET /api/forms/:formId",
      "POST /api/session",
    ])
      expect(covered).toContain(route);
  });
});

describe("bad input on the account, export and import routes", () => {
  let admin: Agent;
  let viewer: Agent;
  let campaignId: number;
  beforeAll(async () => {
    await addAccount(store, "quantri", "admin", "P", clock.now());
    await addAccount(store, "nguoixem", "viewer", "P", clock.now());
    admin = await signIn(app, "quantri");
    viewer = await signIn(app, "nguoixem");
    campaignId = (await store.campaigns.list("all"))[0]?.id ?? 0;
  });

  const rows: [string, () => Promise<Response>, number, string][] = [
    [
      "an export link in an unknown format",
      () =>
        admin.request(`/api/campaigns/${campaignId}/export-link`, {
          method: "POST",
          json: { format: "pdf" },
        }),
      400,
      "invalid_body",
    ],
    [
      "an export with a forged token",
      () => admin.request(`/api/campaigns/${campaignId}/export.csv?token=9999999999.${"A".repeat(43)}`),
      403,
      "export_link",
    ],
    [
      "an export with a 5,000-character token",
      () => admin.request(`/api/campaigns/${campaignId}/export.csv?token=${"9".repeat(5000)}`),
      403,
      "export_link",
    ],
    [
      "an account change with nothing to change",
      () => admin.request("/api/accounts/nguoixem", { method: "PATCH", json: {} }),
      400,
      "invalid_body",
    ],
    [
      "an unknown role",
      () => admin.request("/api/accounts/nguoixem", { method: "PATCH", json: { role: "root" } }),
      400,
      "invalid_body",
    ],
    [
      "an SQL-looking username",
      () => admin.request(`/api/accounts/${encodeURIComponent("x' OR '1'='1")}/password`, { method: "POST" }),
      404,
      "account_not_found",
    ],
    [
      "a new password of 5,000 characters",
      () =>
        admin.request("/api/accounts/me/password", {
          method: "POST",
          json: { current: "x", password: "p".repeat(5000) },
        }),
      400,
      "invalid_body",
    ],
    [
      "a wrong current password",
      () =>
        admin.request("/api/accounts/me/password", {
          method: "POST",
          json: { current: "not the password", password: "a long new password" },
        }),
      403,
      "wrong_password",
    ],
    [
      "an unknown session id",
      () => admin.request("/api/accounts/quantri/sessions/%27%3B--", { method: "DELETE" }),
      404,
      "session_not_found",
    ],
    [
      "a unit import by a viewer naming existing codes",
      () =>
        viewer.request("/api/units/import", {
          method: "POST",
          csv: "code,name,kind,parent_code\nS1,x,school,P\n",
        }),
      403,
      "forbidden",
    ],
  ];

  test.each(rows)("%s", async (_label, call, status, code) => {
    const before = await store.countRows();
    const res = await call();
    expect(res.status).toBe(status);
    expect((await res.json()).error.code).toBe(code);
    expect(await store.countRows()).toEqual(before);
  });

  test("an empty unit import changes nothing, the audit log included", async () => {
    const before = await store.countRows();
    const res = await admin.request("/api/units/import", {
      method: "POST",
      csv: "code,name,kind,parent_code\n",
    });
    expect(res.status).toBe(200);
    expect(await store.countRows()).toEqual(before);
  });
});
