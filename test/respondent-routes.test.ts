import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import type { Store } from "../server/store/store.ts";
import {
  allRatings,
  CLOSES,
  catalogueForm,
  DURING,
  fixedClock,
  makeApp,
  OPENS,
  postJson,
  setUpWorld,
  tempDir,
} from "./helpers.ts";

const dir = tempDir();
const clock = fixedClock(DURING);
let store: Store;
let app: ReturnType<typeof makeApp>;
const staffForm = catalogueForm("happy-school-staff");
const parentForm = catalogueForm("happy-school-parent");
let clientSeq = 0;
const newClientId = () => `client-${String(++clientSeq).padStart(4, "0")}`;
/** STAFF00001's revision key, proposed with its first answer: every later answer of it needs it. */
const KEY1 = "staff1-revision-key";

beforeAll(async () => {
  ({ store } = await setUpWorld(`${dir.path}/routes.db`, clock));
  app = makeApp(store, clock);
});
afterAll(async () => {
  await store.close();
  dir.remove();
});
beforeEach(() => clock.set(DURING));

describe("GET /api/forms", () => {
  test("lists each catalogue form once with its newest version and criteria", async () => {
    const res = await app.request("/api/forms");
    expect(res.status).toBe(200);
    const forms = (await res.json()) as { id: string; version: string; criteria: { id: string }[] }[];
    const staff = forms.find((f) => f.id === "happy-school-staff");
    expect(staff?.version).toBe(staffForm.version);
    expect(staff?.criteria.map((c) => c.id)).toEqual(["TC1", "TC2", "TC3"]);
    expect(new Set(forms.map((f) => f.id)).size).toBe(forms.length);
  });

  test("GET /api/forms/:formId serves the form JSON, and ?version= an exact version", async () => {
    const res = await app.request("/api/forms/happy-school-staff");
    expect(res.status).toBe(200);
    expect(res.headers.get("x-form-version")).toBe(staffForm.version);
    expect(await res.json()).toEqual(staffForm.json);
    expect((await app.request(`/api/forms/happy-school-staff?version=${staffForm.version}`)).status).toBe(
      200,
    );
    expect((await app.request("/api/forms/happy-school-staff?version=nope")).status).toBe(404);
    expect((await app.request("/api/forms/no-such-form")).status).toBe(404);
  });
});

describe("GET /api/a/:code", () => {
  test("opens a staff code with its campaign, unit and exact form version", async () => {
    const res = await app.request("/api/a/STAFF00001");
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({
      kind: "staff",
      unit: { code: "S1", name: "Trường Tiểu học Minh Cầm" },
      campaign: { period: "2026–2027 HK1", kind: "staff" },
      form: { id: "happy-school-staff", version: staffForm.version },
    });
    expect(body.previous).toBeUndefined();
  });

  test.each([
    ["an unknown code", "NOSUCHCODE", DURING, 404, "code_not_found"],
    ["a revoked code", "REVOKED001", DURING, 404, "code_revoked"],
    ["a campaign not open yet", "STAFF00001", "2026-08-01T00:00:00Z", 410, "campaign_not_open"],
    ["a closed campaign", "STAFF00001", CLOSES, 410, "campaign_closed"],
  ])("answers %s with %#", async (_label, code, now, status, errorCode) => {
    clock.set(now);
    const res = await app.request(`/api/a/${code}`);
    expect(res.status).toBe(status);
    const body = await res.json();
    expect(body.error.code).toBe(errorCode);
    expect(body.error.message).toMatch(/[ãạảáàđêôơư]/); // Vietnamese by default
  });
});

describe("POST /api/a/:code/responses", () => {
  test("stores a full staff answer and returns 201 with per-criterion scores computed on the server", async () => {
    const answers = { ...allRatings(staffForm, 4), tc1_01: 1, tc1_01b: 1, tc2_01: 5 };
    const before = await store.countRows();
    const res = await postJson(app, "/api/a/STAFF00002/responses", { answers, clientId: newClientId() });
    expect(res.status).toBe(201);
    const body = await res.json();
    // TC1: item 1 at 1 (0; asked as two statements of weight ½) and six items at 4 (0.75), over 7;
    // TC2: eleven 4s and one 5 over 12; TC3: all 4s.
    expect(body.scores.criteria).toEqual([
      { id: "TC1", score: 64.29, answered: 9 },
      { id: "TC2", score: 77.08, answered: 12 },
      { id: "TC3", score: 75, answered: 8 },
    ]);
    expect(body.scores.total).toBe(72.12);
    expect(body.scores.level).toBe("Khá");
    const after = await store.countRows();
    expect(after.responses).toBe(before.responses + 1);
    expect(after.response_scores).toBe(before.response_scores + 3);
  });

  test("ignores a score sent by the client", async () => {
    const answers = allRatings(staffForm, 1);
    const res = await postJson(app, "/api/a/STAFF00001/responses", {
      answers,
      clientId: newClientId(),
      scores: { total: 100 },
      revisionKey: KEY1,
    });
    expect(res.status).toBe(201);
    expect((await res.json()).scores.total).toBe(0);
  });

  test("the same clientId again returns 200 with the same body and stores nothing more", async () => {
    const clientId = newClientId();
    const payload = { answers: allRatings(parentForm, 5), clientId };
    const first = await postJson(app, "/api/a/PARENT000001/responses", payload);
    expect(first.status).toBe(201);
    const firstBody = await first.json();
    const before = await store.countRows();
    const again = await postJson(app, "/api/a/PARENT000001/responses", payload);
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual(firstBody);
    expect(await store.countRows()).toEqual(before);
  });

  test("a staff code answering again revises its response under the same responseId and keeps history", async () => {
    const first = await postJson(app, "/api/a/STAFF00001/responses", {
      answers: allRatings(staffForm, 3),
      clientId: newClientId(),
      revisionKey: KEY1,
    });
    const { responseId, revision } = await first.json();
    const before = await store.countRows();
    const second = await postJson(app, "/api/a/STAFF00001/responses", {
      answers: allRatings(staffForm, 5),
      clientId: newClientId(),
      revisionKey: KEY1,
    });
    expect(second.status).toBe(201);
    const body = await second.json();
    expect(body.responseId).toBe(responseId);
    expect(body.revision).toBe(revision + 1);
    expect(body.scores.total).toBe(100);
    const after = await store.countRows();
    expect(after.responses).toBe(before.responses);
    expect(after.response_revisions).toBe(before.response_revisions + 1);
    const opened = await (
      await app.request("/api/a/STAFF00001", { headers: { "x-revision-key": KEY1 } })
    ).json();
    expect(opened.previous).toMatchObject({ responseId, revision: revision + 1, scores: { total: 100 } });
  });

  test("two parents on the same link make two responses", async () => {
    const a = await postJson(app, "/api/a/PARENT000001/responses", {
      answers: allRatings(parentForm, 2),
      clientId: newClientId(),
    });
    const b = await postJson(app, "/api/a/PARENT000001/responses", {
      answers: allRatings(parentForm, 2),
      clientId: newClientId(),
    });
    expect([a.status, b.status]).toEqual([201, 201]);
    expect((await a.json()).responseId).not.toBe((await b.json()).responseId);
  });

  const rejections: [string, string, () => unknown, number, string, string?][] = [
    [
      "a rating outside 1..5",
      "STAFF00001",
      () => ({ answers: { ...allRatings(staffForm, 3), tc1_01: 9 } }),
      400,
      "invalid_answers",
      "tc1_01",
    ],
    [
      "a rating of 0",
      "STAFF00001",
      () => ({ answers: { ...allRatings(staffForm, 3), tc2_03: 0 } }),
      400,
      "invalid_answers",
      "tc2_03",
    ],
    [
      "a rating sent as a string",
      "STAFF00001",
      () => ({ answers: { ...allRatings(staffForm, 3), tc1_02: "3" } }),
      400,
      "invalid_answers",
      "tc1_02",
    ],
    [
      "a fractional rating",
      "STAFF00001",
      () => ({ answers: { ...allRatings(staffForm, 3), tc1_02: 3.5 } }),
      400,
      "invalid_answers",
      "tc1_02",
    ],
    [
      "an unknown question name",
      "STAFF00001",
      () => ({ answers: { ...allRatings(staffForm, 3), bogus: 1 } }),
      400,
      "invalid_answers",
      "bogus",
    ],
    [
      "a __proto__ key",
      "STAFF00001",
      () => `{"clientId":"proto-00001","revisionKey":"${KEY1}","answers":{"__proto__":{"x":1},"tc1_01":3}}`,
      400,
      "invalid_answers",
      "__proto__",
    ],
    [
      "a missing required answer",
      "STAFF00001",
      () => {
        const a = allRatings(staffForm, 3);
        delete a.tc3_08;
        return { answers: a };
      },
      400,
      "invalid_answers",
      "tc3_08",
    ],
    [
      "text where text is not allowed",
      "STAFF00001",
      () => ({ answers: { ...allRatings(staffForm, 3), suggestions: 42 } }),
      400,
      "invalid_answers",
      "suggestions",
    ],
    ["answers that are not an object", "STAFF00001", () => ({ answers: [1, 2] }), 400, "invalid_body"],
    ["a missing clientId", "STAFF00001", () => `{"answers":{}}`, 400, "invalid_body"],
    ["malformed JSON", "STAFF00001", () => "{not json", 400, "invalid_json"],
    ["an unknown code", "NOSUCHCODE", () => ({ answers: allRatings(staffForm, 3) }), 404, "code_not_found"],
    ["a revoked code", "REVOKED001", () => ({ answers: allRatings(staffForm, 3) }), 404, "code_revoked"],
  ];

  test.each(rejections)(
    "rejects %s and stores nothing",
    async (_label, code, body, status, errorCode, question) => {
      const before = await store.countRows();
      const payload = body();
      const res = await postJson(
        app,
        `/api/a/${code}/responses`,
        typeof payload === "string"
          ? payload
          : { clientId: newClientId(), revisionKey: KEY1, ...(payload as object) },
      );
      expect(res.status).toBe(status);
      const json = await res.json();
      expect(json.error.code).toBe(errorCode);
      expect(json.error.message.length).toBeGreaterThan(0);
      if (question) {
        const hit = json.errors.find((e: { question: string }) => e.question === question);
        expect(hit?.message).toMatch(/[ãạảáàđêôơưỏ]/);
      }
      expect(await store.countRows()).toEqual(before);
    },
  );

  test.each([
    ["before the campaign opens", "2026-08-31T23:59:59Z", "campaign_not_open"],
    ["at the close time", CLOSES, "campaign_closed"],
  ])("answers 410 %s and stores nothing", async (_label, now, errorCode) => {
    clock.set(now);
    const before = await store.countRows();
    const res = await postJson(app, "/api/a/STAFF00002/responses", {
      answers: allRatings(staffForm, 3),
      clientId: newClientId(),
    });
    expect(res.status).toBe(410);
    expect((await res.json()).error.code).toBe(errorCode);
    expect(await store.countRows()).toEqual(before);
  });

  test("answers 413 to a body over 64 KB and stores nothing", async () => {
    const before = await store.countRows();
    const res = await postJson(app, "/api/a/STAFF00001/responses", {
      answers: { ...allRatings(staffForm, 3), suggestions: "x".repeat(70 * 1024) },
      clientId: newClientId(),
    });
    expect(res.status).toBe(413);
    expect((await res.json()).error.code).toBe("body_too_large");
    expect(await store.countRows()).toEqual(before);
  });

  test("answers 415 to a body that is not JSON", async () => {
    const res = await app.request("/api/a/STAFF00001/responses", {
      method: "POST",
      headers: { "content-type": "text/plain" },
      body: "answers",
    });
    expect(res.status).toBe(415);
  });

  test("gives per-question errors in English when the respondent asked for English", async () => {
    const res = await postJson(app, "/api/a/STAFF00001/responses", {
      answers: { ...allRatings(staffForm, 3), tc1_01: 7 },
      clientId: newClientId(),
      locale: "en",
      revisionKey: KEY1,
    });
    const body = await res.json();
    expect(body.errors).toEqual([
      { question: "tc1_01", message: "The rating must be one of: 1, 2, 3, 4, 5." },
    ]);
  });
});

test("OPENS precedes DURING precedes CLOSES (the fixture's own sanity)", () => {
  expect(OPENS < DURING && DURING < CLOSES).toBe(true);
});
