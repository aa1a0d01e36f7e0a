// Validation of one response of `happy-school-staff` (27 ratings and a comment) with generated valid
// answers: the server's validateAnswers against survey-core alone (baseline: a Model built per response,
// as a server without caching would) and survey-core with one reused Model.
//
// Adding a validator is one more entry in VALIDATORS.
import { Model } from "survey-core";
import { loadCatalogue } from "../forms/catalogue.ts";
import { compileValidator } from "../forms/compile-validator.ts";
import { registerFormProperties } from "../forms/survey-properties.ts";
import type { Answers, FormJson } from "../forms/types.ts";
import { validateAnswers } from "../forms/validate.ts";
import { seededRandom, simulateAnswers } from "../server/demo/simulate.ts";
import { type Bench, fmt, ratio, type Target, table } from "./lib.ts";

const FORM_ID = "happy-school-staff";
const POOL = 200;
const WARMUP = 30;
/** Each validator runs until this much time or this many responses, whichever comes first. */
const MAX_MS = 2_000;
const MAX_RESPONSES = 20_000;

interface Validator {
  name: string;
  /** Prepares for a form (once per form version); the returned function says whether answers are accepted. */
  prepare(form: FormJson): (answers: Answers) => boolean;
  baseline?: true;
  compiled?: true;
}

const VALIDATORS: Validator[] = [
  {
    name: "survey-core, new Model per response (baseline)",
    baseline: true,
    prepare: (form) => (answers) => {
      const model = new Model(form);
      model.data = answers;
      return model.validate(true, false);
    },
  },
  {
    name: "survey-core, one reused Model",
    prepare: (form) => {
      const model = new Model(form);
      return (answers) => {
        model.data = answers;
        return model.validate(true, false);
      };
    },
  },
  {
    name: "validateAnswers (forms/validate.ts, fallback)",
    prepare: (form) => (answers) => validateAnswers(form, answers).length === 0,
  },
  {
    name: "compileValidator (forms/compile-validator.ts, server)",
    compiled: true,
    prepare: (form) => {
      const check = compileValidator(form);
      if (check.fallback) throw new Error(`${FORM_ID} is not compiled: ${check.fallback}`);
      return (answers) => check(answers).length === 0;
    },
  },
];

export const validationBench: Bench = {
  name: "validation",
  title: `validation: one ${FORM_ID} response`,
  async run(): Promise<Target[]> {
    registerFormProperties();
    const form = loadCatalogue().find((f) => f.id === FORM_ID)?.json;
    if (!form) throw new Error(`no form ${FORM_ID}`);
    const rand = seededRandom(6);
    const pool: Answers[] = Array.from({ length: POOL }, (_, i) =>
      simulateAnswers(form, () => 1 + (i % 5) + rand() * 0.5, rand),
    );
    const measured: { v: Validator; us: number; n: number; rejected: number }[] = [];
    for (const v of VALIDATORS) {
      const check = v.prepare(form);
      let rejected = 0;
      for (let i = 0; i < WARMUP; i++) check(pool[i % POOL] as Answers);
      let n = 0;
      const started = performance.now();
      while (n < MAX_RESPONSES && performance.now() - started < MAX_MS) {
        if (!check(pool[n % POOL] as Answers)) rejected++;
        n++;
      }
      measured.push({ v, us: ((performance.now() - started) * 1000) / n, n, rejected });
    }
    const base = measured.find((m) => m.v.baseline);
    const reused = measured.find((m) => m.v.name.includes("reused"));
    console.log(
      `${POOL} generated valid answer sets (server/demo/simulate.ts simulateAnswers), cycled; ${WARMUP} warm-up; each row runs ${MAX_MS / 1000} s or ${fmt(MAX_RESPONSES)} responses`,
    );
    console.log(
      table(
        [
          "validator",
          "responses",
          "µs/response",
          "responses/s/core",
          "× faster than baseline",
          "× vs reused Model",
          "rejected",
        ],
        measured.map((m) => [
          m.v.name,
          fmt(m.n),
          fmt(m.us, 1),
          fmt(1e6 / m.us),
          base ? ratio(base.us / m.us) : "-",
          reused ? ratio(reused.us / m.us) : "-",
          m.rejected,
        ]),
      ),
    );
    const wrong = measured.filter((m) => m.rejected > 0);
    if (wrong.length > 0) console.log(`VALID ANSWERS REJECTED by: ${wrong.map((m) => m.v.name).join(", ")}`);
    const compiled = measured.find((m) => m.v.compiled);
    // Every catalogue form should be compiled (issue 19): any left to survey-core is listed, with why.
    const fallbacks = loadCatalogue()
      .map((f) => ({ id: f.id, why: compileValidator(f.json).fallback }))
      .filter((f) => f.why !== undefined);
    console.log(
      fallbacks.length === 0
        ? `catalogue forms checked by survey-core instead of compiled: none (${loadCatalogue().length} forms)`
        : `catalogue forms checked by survey-core instead of compiled:\n${fallbacks.map((f) => `  ${f.id}: ${f.why}`).join("\n")}`,
    );
    return [
      {
        name: "every catalogue form compiled",
        met: fallbacks.length === 0,
        detail: fallbacks.length === 0 ? "all" : `falling back: ${fallbacks.map((f) => f.id).join(", ")}`,
      },
      {
        name: "compiled validation ≥ 50× faster than survey-core",
        met: compiled && base ? base.us / compiled.us >= 50 && compiled.rejected === 0 : null,
        detail:
          compiled && base
            ? `${ratio(base.us / compiled.us, 1)} (vs reused Model ${reused ? ratio(reused.us / compiled.us, 1) : "n/a"})`
            : "N/A: no compiled validator yet (forms/validate.ts exports no compileValidator)",
      },
    ];
  },
};
