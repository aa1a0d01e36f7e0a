import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { Model } from "survey-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { registerFormProperties } from "../forms/survey-properties.ts";
import type { FormJson } from "../forms/types.ts";
import { createApp } from "../server/app.ts";
import { openSqliteStore } from "../server/store/sqlite.ts";
import type { Store } from "../server/store/store.ts";
import { CLOSES, catalogue, DURING, fixedClock, OPENS, openTestStore, postJson, tempDir } from "./helpers.ts";
import { type Agent, addAccount, signIn } from "./manager-helpers.ts";

const dir = tempDir();
const clock = fixedClock(DURING);
let store: Store;
let app: ReturnType<typeof createApp>;
let admin: Agent;

const v1: FormJson = {
  title: "Phiếu góp ý",
  criteria: [{ id: "A", title: "A" }],
  pages: [{ elements: [{ type: "rating", name: "q1", criterion: "A", isRequired: true }] }],
};
const v2: FormJson = { ...v1, title: "Phiếu góp ý (sửa đổi)" };
const put = (id: string, body: unknown) => admin.request(`/api/forms/${id}`, { method: "PUT", json: body });

beforeAll(async () => {
  store = await openTestStore(`${dir.path}/upload.db`);
  await store.forms.addVersions(catalogue, clock.now());
  await store.units.create({ code: "S1", name: "Trường", kind: "school" }, clock.now());
  await addAccount(store, "root", "admin", null, clock.now());
  await addAccount(store, "school.admin", "admin", "S1", clock.now());
  app = createApp({ store, clock, logError: () => {} });
  admin = await signIn(app, "root");
});
afterAll(async () => {
  await store.close();
  dir.remove();
});

describe("PUT /api/forms/:formId", () => {
  test("a new form is 201 with its version; the same content again is 200 with the same version", async () => {
    const first = await put("gop-y", v1);
    expect(first.status).toBe(201);
    const { version } = await first.json();
    const again = await put("gop-y", JSON.parse(JSON.stringify(v1, null, 4)));
    expect(again.status).toBe(200);
    expect((await again.json()).version).toBe(version);
  });

  test("a revision gets a new version; campaigns and responses keep the version they used", async () => {
    const old = await store.forms.get("gop-y");
    const campaign = await store.campaigns.create(
      {
        formId: "gop-y",
        unitCode: "S1",
        kind: "parent",
        period: "HK1",
        opensAt: new Date(OPENS),
        closesAt: new Date(CLOSES),
      },
      clock.now(),
    );
    await store.campaigns.addCodes(campaign.id, "S1", "parent", ["OLDVERSION01"], clock.now());

    const revised = await put("gop-y", v2);
    expect(revised.status).toBe(201);
    const { version } = await revised.json();
    expect(version).not.toBe(old?.version);

    const newest = await app.request("/api/forms/gop-y");
    expect(newest.headers.get("x-form-version")).toBe(version);
    expect((await newest.json()).title).toBe("Phiếu góp ý (sửa đổi)");
    const older = await app.request(`/api/forms/gop-y?version=${old?.version}`);
    expect((await older.json()).title).toBe("Phiếu góp ý");

    const opened = await (await app.request("/api/a/OLDVERSION01")).json();
    expect(opened.form.version).toBe(old?.version);
    const res = await postJson(app, "/api/a/OLDVERSION01/responses", {
      answers: { q1: 5 },
      clientId: "old-version-1",
    });
    expect(res.status).toBe(201);
    expect((await store.campaigns.findAccess("OLDVERSION01"))?.form.version).toBe(old?.version);
  });

  test.each<[string, unknown, RegExp]>([
    [
      "an unknown question type",
      { pages: [{ elements: [{ type: "yesno", name: "married" }] }] },
      /unknown question type "yesno" \(married\)/,
    ],
    [
      "an unknown property",
      { pages: [{ elements: [{ type: "text", name: "t", domain: "x" }] }] },
      /Unknown property in class 'text': 'domain'/,
    ],
    [
      "a scored question naming no declared criterion",
      { ...v1, criteria: [{ id: "B", title: "B" }] },
      /names criterion "A", which the form does not declare/,
    ],
    ["a form with no questions", { pages: [{ elements: [] }] }, /no questions/],
  ])("refuses %s with 422 naming it, and stores nothing", async (_label, body, problem) => {
    const before = await store.countRows();
    const res = await put(`bad-${Math.random().toString(36).slice(2, 8)}`, body);
    expect(res.status).toBe(422);
    const { error } = await res.json();
    expect(error.code).toBe("invalid_form");
    expect(error.problems.join("\n")).toMatch(problem);
    expect(await store.countRows()).toEqual(before);
  });

  test("only the administrator of every tree may upload: a school admin gets 403", async () => {
    const schoolAdmin = await signIn(app, "school.admin");
    const res = await schoolAdmin.request("/api/forms/gop-y", { method: "PUT", json: v2 });
    expect(res.status).toBe(403);
  });

  test("an unscored uploaded form validates and stores answers with no score", async () => {
    const form = { pages: [{ elements: [{ type: "comment", name: "y_kien", isRequired: true }] }] };
    expect((await put("y-kien-tu-do", form)).status).toBe(201);
    const campaign = await store.campaigns.create(
      {
        formId: "y-kien-tu-do",
        unitCode: "S1",
        kind: "parent",
        period: "HK1",
        opensAt: new Date(OPENS),
        closesAt: new Date(CLOSES),
      },
      clock.now(),
    );
    await store.campaigns.addCodes(campaign.id, "S1", "parent", ["UNSCORED0001"], clock.now());
    const bad = await postJson(app, "/api/a/UNSCORED0001/responses", { answers: {}, clientId: "unscored-1" });
    expect(bad.status).toBe(400);
    const ok = await postJson(app, "/api/a/UNSCORED0001/responses", {
      answers: { y_kien: "Tốt" },
      clientId: "unscored-2",
    });
    expect(ok.status).toBe(201);
    expect((await ok.json()).scores).toBeNull();
  });
});

describe("npm run forms", () => {
  const cli = (args: string[], env: Record<string, string> = {}) => {
    try {
      return {
        code: 0,
        out: execFileSync("npx", ["tsx", "server/cli/forms.ts", ...args], {
          encoding: "utf8",
          env: { ...process.env, ...env },
        }),
      };
    } catch (err) {
      const e = err as { status: number; stdout: string; stderr: string };
      return { code: e.status, out: `${e.stdout}${e.stderr}` };
    }
  };

  test("check refuses a broken form naming the problem, and passes a good one", () => {
    writeFileSync(
      `${dir.path}/bad.json`,
      JSON.stringify({ pages: [{ elements: [{ type: "personname", name: "who" }] }] }),
    );
    writeFileSync(`${dir.path}/good.json`, JSON.stringify(v1));
    const bad = cli(["check", `${dir.path}/bad.json`]);
    expect(bad.code).toBe(1);
    expect(bad.out).toMatch(/unknown question type "personname" \(who\)/);
    const good = cli(["check", `${dir.path}/good.json`]);
    expect(good.code).toBe(0);
    expect(good.out).toMatch(/^ok /);
  });

  test("add stores a new version in the database at DATABASE_PATH, once", async () => {
    const env = { DATABASE_PATH: `${dir.path}/cli.db` };
    writeFileSync(`${dir.path}/phieu-moi.json`, JSON.stringify(v2));
    expect(cli(["add", `${dir.path}/phieu-moi.json`], env).out).toMatch(
      /^added phieu-moi version [0-9a-f]{16}/,
    );
    expect(cli(["add", `${dir.path}/phieu-moi.json`], env).out).toMatch(/^unchanged/);
    const cliStore = openSqliteStore(`${dir.path}/cli.db`);
    expect((await cliStore.forms.get("phieu-moi"))?.json.title).toBe(v2.title);
    await cliStore.close();
  });
});

describe("every catalogue form renders in Vietnamese and in English", () => {
  registerFormProperties();
  test.each(catalogue.map((f) => [f.id, f.json] as const))("%s", (_id, json) => {
    const titles = (locale: string) => {
      const model = new Model(json);
      model.locale = locale;
      return { form: model.title, questions: model.getAllQuestions().map((q) => q.title) };
    };
    const vi = titles("vi");
    const en = titles("en");
    expect(vi.form).toBe((json.title as { default: string }).default);
    expect(en.form).toBe((json.title as { en: string }).en);
    const translated = en.questions.filter((t, i) => t !== vi.questions[i]).length;
    expect(translated).toBe(en.questions.length);
  });
});
