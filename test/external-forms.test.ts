// Differential test of what the server runs to validate answers (forms/compile-validator.ts: compiled
// checks, or survey-core's own validation in forms/validate.ts where a form falls back) against a
// reference built on survey-core (test/reference-verdict.ts), on seeded good and bad answers
// (test/generate-answers.ts), for every form in forms/ and every form of ../shared/external-forms/ that
// the upload check accepts (DESIGN "Validation", issue 3, issue 6 item 2).
//
// Both must agree on accept/reject and, when both reject, on the set of rejected question names; for
// compiled forms the messages must also equal survey-core's (validateAnswers) on the first DIFF_MESSAGES
// answers of each group. Two sizes:
// - `npm test`: 100 answers per compiled form (4 groups of 1 good + 24 bad), 25 per fallback form (each
//   of those costs a survey-core model per answer on both sides), one good answer for the heavy form 17;
//   seed 1, so a failure there reproduces as it is. About 2 minutes of CPU.
// - full, DIFF_FULL=1 (`npm run test:diff`, run by .ci/run): 1,000 answers per compiled form (20 groups
//   of 1 + 49), 50 per fallback form, the heavy form as above; 16,537 answers, 3.5–7 minutes of CPU on a
//   small shared 2-core machine; a new random seed each run unless DIFF_SEED gives one, printed at the
//   start and in the summary, so each run covers answers the others did not.
// Scale either with DIFF_GROUPS (groups per form; each is one good answer and DIFF_BAD bad ones),
// DIFF_FALLBACK_GROUPS, DIFF_SEED (base seed), DIFF_FORM (only forms whose id contains it), DIFF_FRESH=1
// or =compare (the reference on new models, or both ways compared). A mismatch prints the seed and index
// that reproduce it: generateGroup(form, seed, bad)[index].
//
// The reference reuses one survey-core model per form where that is safe (test/reference-verdict.ts:
// `reusable`, `reset`; other forms get its baseline, new models); DIFF_FRESH=compare judges every answer
// both ways, in the order of the run, and fails on any difference, reasons included. DIFF_GROUPS=30
// DIFF_FALLBACK_GROUPS=6: 27,281 answers; DIFF_SEED=2 DIFF_GROUPS=20 DIFF_FALLBACK_GROUPS=4: 18,192
// answers; 0 differences (18 and 11 minutes). Such runs caught the reuse's earlier flaws (survey-core
// keeps a question's value when the next one is "equal" to it, "" or [] for no value; an "other" text;
// clearIncorrectValues on a reloaded or rendered model): hence `reset` and its check.
import { randomInt } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { Model } from "survey-core";
import { afterAll, describe, expect, test } from "vitest";
import { loadCatalogue } from "../forms/catalogue.ts";
import { checkForm } from "../forms/check.ts";
import { compileValidator } from "../forms/compile-validator.ts";
import { registerFormProperties } from "../forms/survey-properties.ts";
import type { AnswerError, FormJson } from "../forms/types.ts";
import { validateAnswers } from "../forms/validate.ts";
import { type GeneratedAnswer, generateGroup, hashSeed } from "./generate-answers.ts";
import { modelStats, referenceReusesModel, referenceVerdict, type Verdict } from "./reference-verdict.ts";
import { describeShared } from "./shared-folder.ts";

const envInt = (name: string, fallback: number) => {
  const v = Number(process.env[name]);
  return process.env[name] !== undefined && Number.isInteger(v) && v >= 0 ? v : fallback;
};
/** DIFF_FULL=1: the full size and a rotating seed (.ci/run); otherwise the size `npm test` can afford. */
const FULL = process.env.DIFF_FULL === "1";
/** Bad answers per group: each group is one good answer (a respondent's fill) and BAD mutations of it. */
const BAD = envInt("DIFF_BAD", FULL ? 49 : 24);
/** Groups per form whose validator is compiled: 20 × (1 + 49) = 1,000 answers per form in full, 4 × 25. */
const GROUPS = envInt("DIFF_GROUPS", FULL ? 20 : 4);
/**
 * Groups per form that the server checks with survey-core itself (compileValidator's fallback: a new
 * survey-core model per answer in validateAnswers, 10–60 ms, against ~0.1 ms compiled; the reference
 * cannot reuse a model for most of them either), by default 1 group: 1 + BAD answers. With DIFF_GROUPS set
 * and this not, they get DIFF_GROUPS too.
 */
const FALLBACK_GROUPS = envInt("DIFF_FALLBACK_GROUPS", process.env.DIFF_GROUPS ? GROUPS : 1);
/**
 * For a compiled form, its messages are compared with survey-core's (validateAnswers, a new survey-core
 * model per answer) on the first MESSAGES answers of each group (the good one first); its verdict is
 * compared with the reference on every answer.
 */
const MESSAGES = envInt("DIFF_MESSAGES", 2);
/** The base seed: DIFF_SEED, or in full a new one each run (printed below), so coverage grows run by run. */
const BASE_SEED = envInt("DIFF_SEED", FULL ? randomInt(1, 1_000_000) : 1);
const ONLY = process.env.DIFF_FORM ?? "";
// Printed first, so that a run cut short still says which answers it was judging.
console.log(
  `differential validation: ${FULL ? "full size" : "npm test size"}, DIFF_SEED=${BASE_SEED}` +
    (FULL ? ` (this run again: DIFF_SEED=${BASE_SEED} npm run test:diff)` : ""),
);
/**
 * DIFF_FRESH=1: the reference builds new models for every verdict (its baseline, slower) instead of
 * reusing one per form. DIFF_FRESH=compare: both, and any difference between the two verdicts (reasons
 * included) fails the test, as a disagreement of its own.
 */
const FRESH = process.env.DIFF_FRESH === "1";
const COMPARE_FRESH = process.env.DIFF_FRESH === "compare";
/**
 * Forms with thousands of questions cost seconds per survey-core model (external form 17: ~4,100
 * questions, ~3 s per model, and the generator, the validator and the reference each build one), so the
 * default run gives them one good answer, from group HEAVY_GROUP: with the default seed, the first group
 * whose answer takes the form's main branch (form 17's groups 0, 2 and 3 answer q1 = "0", which hides
 * all but one question; group 1 answers 315 questions). DIFF_HEAVY_GROUPS and DIFF_HEAVY_BAD give more.
 */
const HEAVY_QUESTIONS = 1000;
const HEAVY_GROUP = 1;
const HEAVY_GROUPS = envInt("DIFF_HEAVY_GROUPS", 1);
const HEAVY_BAD = envInt("DIFF_HEAVY_BAD", 0);
/** Per form: the default run takes up to about a minute for one on a slow day (22-winforms, dvk-individual-award); larger runs scale it. */
const TEST_TIMEOUT = 600_000;

interface Tally {
  form: string;
  good: number;
  goodAccepted: number;
  bad: number;
  badRejected: number;
  excluded: string[];
  mismatches: number;
  /** Mutations the reference (and so the validator) accepts: harmless changes, reviewed by hand. */
  badAccepted: Map<string, number>;
  ms: number;
  /** survey-core's console warnings about values it refuses to assign. */
  warnings: number;
  /** CPU time: the machine is shared, so wall time alone says little. */
  cpuMs: number;
  /** Why the form is checked by survey-core (compileValidator's fallback); undefined when compiled. */
  fallback: string | undefined;
  /** Answers whose messages were compared with validateAnswers (compiled forms). */
  messages: number;
  /** Whether the reference reused one survey-core model for the form. */
  reused: boolean;
  /** How often the reused model could not be brought back to a new model's state and was rebuilt. */
  rebuilt: number;
  /** DIFF_FRESH=compare: answers on which the reference with new models said something else. */
  freshDiffs: number;
}
const tallies: Tally[] = [];
/** External forms the upload check refuses, with their first problem. */
const refused: string[] = [];
/** Question types answered in good answers and mutated in bad ones, over the whole run. */
const typesAnswered = new Set<string>();
const typesMutated = new Set<string>();

/**
 * Questions whose verdict the two sides cannot agree on from the form alone, found in the form: each is
 * neither answered nor mutated by the generator, and counted in the summary.
 * - choicesByUrl: the choices come from a web service at run time; the server has none to check against
 *   (it keeps capped text or numbers there: forms/value-checks.ts, both paths compared in
 *   test/compile-validator.test.ts) and survey-core keeps any value while choices are not loaded, so
 *   "valid" is undefined for generated answers.
 */
function exclusions(model: Model): Map<string, string> {
  const out = new Map<string, string>();
  for (const q of model.getAllQuestions(false, false, true)) {
    const url = (q as unknown as { choicesByUrl?: { url?: string } }).choicesByUrl?.url;
    let top = q as unknown as { parentQuestion?: unknown; getValueName(): string };
    while (top.parentQuestion) top = top.parentQuestion as typeof top;
    if (url) out.set(top.getValueName(), `choicesByUrl (${url}): choices are only known at run time`);
  }
  return out;
}

/** A verdict as text: accept or reject, the questions named, and the reasons. */
const said = (v: Verdict) => JSON.stringify([v.ok, [...v.questions].sort(), v.reasons]);

const short = (v: unknown, n = 600) => {
  const s = JSON.stringify(v) ?? String(v);
  return s.length > n ? `${s.slice(0, n)}… (${s.length} chars)` : s;
};

async function runDifferential(id: string, json: FormJson): Promise<void> {
  const started = performance.now();
  const cpu = process.cpuUsage();
  registerFormProperties();
  const model = new Model(json);
  const excluded = exclusions(model);
  const questionCount = model.getAllQuestions().length;
  // What the server runs: the compiled validator, or survey-core (validateAnswers) where it falls back.
  const validate = compileValidator(json);
  const heavy = questionCount > HEAVY_QUESTIONS;
  const groups = heavy ? HEAVY_GROUPS : validate.fallback ? FALLBACK_GROUPS : GROUPS;
  const bad = heavy ? HEAVY_BAD : BAD;
  const tally: Tally = {
    form: id,
    good: 0,
    goodAccepted: 0,
    bad: 0,
    badRejected: 0,
    excluded: [...excluded].map(([name, why]) => `${name}: ${why}`),
    mismatches: 0,
    badAccepted: new Map(),
    ms: 0,
    cpuMs: 0,
    warnings: 0,
    fallback: validate.fallback,
    messages: 0,
    reused: referenceReusesModel(json) && !FRESH,
    rebuilt: 0,
    freshDiffs: 0,
  };
  tallies.push(tally);
  const failures: string[] = [];
  const formSeed = hashSeed(id);
  const rebuilt = modelStats.rebuilt;
  // survey-core warns on the console for each value of the wrong shape it refuses to assign to a question
  // (pretty-printing the value); bad answers do that on purpose. Counted, not printed.
  const warn = console.warn;
  console.warn = (...args: unknown[]) => {
    if (String(args[0]).startsWith("An attempt to assign an incorrect value")) tally.warnings++;
    else warn(...args);
  };
  try {
    const first = heavy ? HEAVY_GROUP : 0;
    for (let g = first; g < first + groups; g++) {
      const seed = (formSeed + BASE_SEED * 0x9e3779b1 + g) >>> 0;
      const answers: GeneratedAnswer[] = generateGroup(
        json,
        seed,
        bad,
        { exclude: new Set(excluded.keys()), batch: heavy },
        // The model read for exclusions is still untouched: the first group may have it.
        g === first ? model : undefined,
      );
      for (const a of answers) {
        const errors = validate(a.answers);
        // A compiled form must also say what survey-core says: the same messages on the same questions.
        if (!validate.fallback && a.index < MESSAGES) {
          tally.messages++;
          const says = (list: AnswerError[]) => list.map((e) => `${e.question}: ${e.message}`).sort();
          const core = says(validateAnswers(json, a.answers));
          if (JSON.stringify(says(errors)) !== JSON.stringify(core)) {
            tally.mismatches++;
            if (failures.length < 8)
              failures.push(
                `${id} seed=${a.seed} index=${a.index}: messages differ\n  compiled:    ${short(says(errors))}\n  survey-core: ${short(core)}`,
              );
          }
        }
        // "" names no question when the answers are not an object; otherwise it is an (unknown) key.
        const isObject = typeof a.answers === "object" && a.answers !== null && !Array.isArray(a.answers);
        const server = new Set(errors.map((e) => e.question).filter((q) => isObject || q !== ""));
        const serverOk = errors.length === 0;
        const ref = referenceVerdict(json, a.answers, { freshModels: FRESH });
        if (COMPARE_FRESH) {
          const baseline = referenceVerdict(json, a.answers, { freshModels: true });
          if (said(ref) !== said(baseline)) {
            tally.freshDiffs++;
            if (failures.length < 8)
              failures.push(
                `${id} seed=${a.seed} index=${a.index}: the reference differs with new models\n  reused: ${short(said(ref))}\n  new:    ${short(said(baseline))}`,
              );
          }
        }
        for (const t of a.types) (a.kind === "good" ? typesAnswered : typesMutated).add(t);
        if (a.kind === "good") {
          tally.good++;
          if (ref.ok) tally.goodAccepted++;
        } else {
          tally.bad++;
          if (!ref.ok) tally.badRejected++;
          else {
            const what = `${a.mutation} (${a.types.join(", ")})`;
            tally.badAccepted.set(what, (tally.badAccepted.get(what) ?? 0) + 1);
          }
        }
        const same =
          serverOk === ref.ok &&
          (serverOk ||
            (server.size === ref.questions.size && [...server].every((q) => ref.questions.has(q))));
        if (same) continue;
        tally.mismatches++;
        if (failures.length < 8)
          failures.push(
            [
              `${id} seed=${a.seed} index=${a.index} (${a.kind}: ${a.mutation}${a.target ? ` on ${a.target}` : ""})`,
              `  answers:   ${short(a.answers)}`,
              `  validator: ${serverOk ? "accepts" : short(errors, 400)}`,
              `  reference: ${ref.ok ? "accepts" : ref.reasons.join(" | ").slice(0, 600)}`,
            ].join("\n"),
          );
      }
      // survey-core leaves timers behind that hold each model until they run: without a turn of the event
      // loop between groups, a form's models pile up (gigabytes over a thousand answers).
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
  } finally {
    console.warn = warn;
  }
  tally.rebuilt = modelStats.rebuilt - rebuilt;
  tally.ms = Math.round(performance.now() - started);
  const used = process.cpuUsage(cpu);
  tally.cpuMs = Math.round((used.user + used.system) / 1000);
  expect(failures, `${tally.mismatches + tally.freshDiffs} disagreement(s):\n${failures.join("\n")}`).toEqual(
    [],
  );
  // The generator must exercise both sides of the verdict.
  if (bad > 0) expect(tally.badRejected, "bad answers rejected by the reference").toBeGreaterThan(0);
}

afterAll(() => {
  if (tallies.length === 0 && refused.length === 0) return;
  const lines = tallies.map(
    (t) =>
      `${t.form.padEnd(48)} ${String(t.good + t.bad).padStart(5)} answers: ` +
      `good ${String(t.goodAccepted).padStart(3)}/${String(t.good).padEnd(3)} accepted, ` +
      `bad ${String(t.badRejected).padStart(4)}/${String(t.bad).padEnd(4)} rejected, ` +
      `mismatches ${t.mismatches}, excluded ${t.excluded.length}, ` +
      (t.fallback ? `survey-core (${t.fallback})` : `compiled, messages compared on ${t.messages}`) +
      `, reference ${t.reused ? `reuses a model (rebuilt ${t.rebuilt}×)` : "new models"}` +
      (COMPARE_FRESH ? `, differs from new models on ${t.freshDiffs}` : "") +
      `; ${t.ms} ms (cpu ${t.cpuMs} ms)` +
      (t.badAccepted.size
        ? `\n    bad answers both accept: ${[...t.badAccepted].map(([m, n]) => `${m} ×${n}`).join(", ")}`
        : ""),
  );
  const excluded = tallies.flatMap((t) => t.excluded.map((e) => `  ${t.form}: ${e}`));
  const count = (list: Tally[]) => list.reduce((n, t) => n + t.good + t.bad, 0);
  const compiled = tallies.filter((t) => !t.fallback);
  const fallback = tallies.filter((t) => t.fallback);
  const warnings = tallies.reduce((n, t) => n + t.warnings, 0);
  const cpu = tallies.reduce((n, t) => n + t.cpuMs, 0);
  console.log(
    [
      `differential validation: ${count(tallies)} answers over ${tallies.length} forms ` +
        `(${count(compiled)} over ${compiled.length} compiled forms, ${count(fallback)} over ${fallback.length} checked by survey-core; ` +
        `DIFF_GROUPS=${GROUPS} DIFF_FALLBACK_GROUPS=${FALLBACK_GROUPS} DIFF_BAD=${BAD} DIFF_MESSAGES=${MESSAGES} ` +
        `DIFF_SEED=${BASE_SEED}${FULL ? " DIFF_FULL=1" : ""}${FRESH ? " DIFF_FRESH=1" : COMPARE_FRESH ? " DIFF_FRESH=compare" : ""}; cpu ${Math.round(cpu / 1000)} s)`,
      ...lines,
      `question types answered: ${[...typesAnswered].sort().join(", ")}`,
      `question types mutated: ${[...typesMutated].sort().join(", ")}`,
      `survey-core console warnings (values it refused to assign), not printed: ${warnings}`,
      `excluded questions: ${excluded.length}`,
      ...excluded,
      `external forms refused by the upload check: ${refused.length}`,
      ...refused.map((r) => `  ${r.slice(0, 200)}`),
    ].join("\n"),
  );
});

describe("the server validator agrees with survey-core on catalogue forms", () => {
  for (const form of loadCatalogue()) {
    if (ONLY && !form.id.includes(ONLY)) continue;
    test(form.id, () => runDifferential(form.id, form.json), TEST_TIMEOUT);
  }
});

describeShared("external-forms", "external SurveyJS forms (../shared/external-forms)", (dir) => {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith(".json"))
    .sort();

  test("the corpus is there", () => {
    expect(files.length).toBeGreaterThanOrEqual(31);
  });

  for (const file of files) {
    if (ONLY && !file.includes(ONLY)) continue;
    test(
      file,
      async () => {
        const json = JSON.parse(readFileSync(`${dir}${file}`, "utf8")) as FormJson;
        const problems = checkForm(json);
        if (problems.length > 0) {
          // Refused: the message list must say something (its wording is being improved elsewhere).
          for (const p of problems)
            expect(typeof p === "string" && p.trim().length > 0, String(p)).toBe(true);
          refused.push(`${file} (${problems.length} problems; first: ${problems[0]})`);
          return;
        }
        await runDifferential(file, json);
      },
      TEST_TIMEOUT,
    );
  }
});
