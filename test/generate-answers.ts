// Seeded answers for the differential validation test (test/external-forms.test.ts).
//
// A group is built from one seed: a GOOD answer, made the way a respondent would fill the form in
// survey-core (visible questions in order, visibility re-evaluated after every answer, optional questions
// sometimes skipped, hidden answers dropped as survey-core does on completion), and BAD answers, each the
// good one with exactly one mutation (out-of-range rating, unknown choice, wrong type, unknown key, an
// answer to a hidden question, a missing required answer, text too long, bad formats, `__proto__` keys,
// deep nesting …). The same seed always gives the same answers, so a failure reproduces from its seed.
//
// The parts live in test/generate-answers/: random.ts (the seeded PRNG), shapes.ts (survey-core shapes and
// question families), values.ts (good values), bad-values.ts (one mutation per question type).
import { Model } from "survey-core";
import { registerFormProperties } from "../forms/survey-properties.ts";
import { badValue, withProtoKey } from "./generate-answers/bad-values.ts";
import { Rand } from "./generate-answers/random.ts";
import {
  asQ,
  COMPUTED_TYPES,
  clone,
  type GeneratedAnswer,
  type GeneratorOptions,
  isEmptyValue,
  NO_VALUE_TYPES,
  type SQ,
} from "./generate-answers/shapes.ts";
import {
  CONTAINERS,
  containerValue,
  sizeContainer,
  textWithin,
  valueFor,
} from "./generate-answers/values.ts";

export { badValue } from "./generate-answers/bad-values.ts";
export { hashSeed, mulberry32, Rand } from "./generate-answers/random.ts";
export {
  asQ,
  type GeneratedAnswer,
  type GeneratorOptions,
  MULTI_CHOICE,
  NO_VALUE_TYPES,
  SINGLE_CHOICE,
  type SQ,
} from "./generate-answers/shapes.ts";
export { valueFor } from "./generate-answers/values.ts";

const visible = (q: SQ) => q.isVisible && q.isParentVisible;

/** Top-level questions that hold a value the respondent gives. */
function answerable(model: Model, exclude: ReadonlySet<string>): SQ[] {
  return model
    .getAllQuestions()
    .map(asQ)
    .filter(
      (q) =>
        !exclude.has(q.getValueName()) &&
        !NO_VALUE_TYPES.has(q.getType()) &&
        !COMPUTED_TYPES.has(q.getType()),
    );
}

/**
 * Fills the model like a respondent: visible questions in order, each answer set on the model before
 * the next question is looked at, until nothing changes; hidden answers are dropped.
 */
function fill(model: Model, r: Rand, options: GeneratorOptions): void {
  const exclude = options.exclude ?? new Set<string>();
  const skipRate = r.pick([0, 0.1, 0.3, 0.6]);
  const decided = new Set<string>();
  const containersSeen = new Set<string>();
  for (let round = 0; round < 8; round++) {
    let changed = false;
    const batch: Record<string, unknown> = {};
    const cleared: string[] = [];
    const set = (q: SQ, v: unknown) => {
      changed = true;
      if (options.batch) {
        if (v === undefined) cleared.push(q.getValueName());
        else batch[q.getValueName()] = v;
      } else if (v === undefined) q.clearValue();
      else q.value = v;
    };
    for (const q of answerable(model, exclude)) {
      const name = q.getValueName();
      if (!visible(q)) {
        if (!q.isEmpty()) set(q, undefined);
        continue;
      }
      if (q.isReadOnly) continue;
      if (CONTAINERS.has(q.getType())) {
        const first = !containersSeen.has(name);
        if (first) {
          containersSeen.add(name);
          if (!q.isRequired && r.chance(skipRate)) {
            decided.add(name);
            continue;
          }
          if (!options.batch) sizeContainer(q, r);
        } else if (decided.has(name) && q.isEmpty() && !q.isRequired) continue;
        const v = containerValue(q, r, first);
        if (
          JSON.stringify(v) !== JSON.stringify(q.isEmpty() ? undefined : q.value) &&
          !(v === undefined && q.isEmpty())
        )
          set(q, v);
        continue;
      }
      if (!q.isEmpty()) continue;
      if (decided.has(name) && !q.isRequired) continue;
      decided.add(name);
      if (!q.isRequired && r.chance(skipRate)) continue;
      let v = valueFor(q, r);
      if (v === undefined) continue;
      set(q, v);
      // A value can still fail a validator that looks at other answers (an expression validator, a
      // maximum set by another question): try a few more, as a respondent corrects an answer.
      for (let retry = 0; !options.batch && retry < 4 && q.hasErrors(false); retry++) {
        v = valueFor(q, r);
        if (v !== undefined) set(q, v);
      }
      if (
        !options.batch &&
        (q.value === "other" || (Array.isArray(q.value) && q.value.includes("other"))) &&
        q.hasOther
      )
        q.comment = textWithin(r, 1, 30);
    }
    if (options.batch && changed) {
      const data = { ...model.data, ...batch };
      for (const name of cleared) delete data[name];
      model.data = data;
    }
    if (!changed) break;
  }
}

/** The answers a survey-core client would submit: the model's data, without hidden questions' values. */
function submitted(model: Model, exclude: ReadonlySet<string>): Record<string, unknown> {
  const data = clone(model.data) as Record<string, unknown>;
  for (const q of model.getAllQuestions().map(asQ)) {
    const name = q.getValueName();
    if (!(name in data)) continue;
    if (exclude.has(name) || !visible(q) || NO_VALUE_TYPES.has(q.getType())) {
      delete data[name];
      delete data[`${name}-Comment`];
    }
  }
  for (const [key, value] of Object.entries(data)) if (isEmptyValue(value)) delete data[key];
  return data;
}

export function generateGroup(
  json: object,
  seed: number,
  badCount: number,
  options: GeneratorOptions = {},
  /** A model of `json` nobody has touched yet, to save building one (seconds on huge forms). */
  freshModel?: Model,
): GeneratedAnswer[] {
  registerFormProperties();
  const exclude = options.exclude ?? new Set<string>();
  const r = new Rand(seed);
  const model = freshModel ?? new Model(json);
  fill(model, r, options);
  const good = submitted(model, exclude);
  model.data = clone(good);
  const typeOf = new Map<string, string>();
  for (const q of model.getAllQuestions().map(asQ)) {
    typeOf.set(q.getValueName(), q.getType());
    typeOf.set(`${q.getValueName()}-Comment`, `${q.getType()} comment`);
  }
  const out: GeneratedAnswer[] = [
    {
      seed,
      index: 0,
      kind: "good",
      mutation: "fill",
      target: "",
      types: [...new Set(Object.keys(good).map((k) => typeOf.get(k) ?? "(key)"))],
      answers: good,
    },
  ];

  const questions = answerable(model, exclude);
  const shown = questions.filter(visible);
  const hidden = questions.filter((q) => !visible(q));
  const noValue = model
    .getAllQuestions()
    .map(asQ)
    .filter((q) => NO_VALUE_TYPES.has(q.getType()) && q.name);
  const calculated = model.calculatedValues.map((c) => c.name);
  // Shown questions by type, so that a type asked once in a form is mutated as often as one asked 90 times.
  const byType = new Map<string, SQ[]>();
  for (const q of shown) byType.set(q.getType(), [...(byType.get(q.getType()) ?? []), q]);
  const types = [...byType.keys()];
  const computed = model
    .getAllQuestions()
    .map(asQ)
    .filter((q) => COMPUTED_TYPES.has(q.getType()) && visible(q) && q.getValueName() in good);

  for (let index = 1; index <= badCount; index++) {
    const answers = clone(good);
    const bad = (mutation: string, target: string, value: unknown): GeneratedAnswer => ({
      seed,
      index,
      kind: "bad",
      mutation,
      target,
      types: [typeOf.get(target) ?? "(key)"],
      answers: value,
    });
    let result: GeneratedAnswer | null = null;
    // Mostly a wrong value for one shown question; otherwise one change to the answer as a whole.
    for (let attempt = 0; attempt < 6 && !result; attempt++) {
      if (types.length && r.chance(0.65)) {
        const q = r.pick(byType.get(r.pick(types)) ?? []);
        const name = q.getValueName();
        const wrong = badValue(q, answers[name], r);
        if (wrong) result = bad(wrong.how, name, { ...answers, [name]: wrong.value });
        continue;
      }
      const kind = r.pick([
        "unknown key",
        "prototype key",
        "__proto__ key",
        "hidden answer",
        "hidden answer",
        "missing required",
        "empty required",
        "comment key",
        "no-value element",
        "not an object",
        "calculated value",
        "forged expression value",
      ]);
      if (kind === "unknown key") {
        const key = r.pick(["cau_hoi_la", "Q1 ", "", "tieuchi"]);
        if (!(key in answers)) result = bad(kind, key, { ...answers, [key]: r.pick(["x", 1, true]) });
      } else if (kind === "prototype key") {
        const key = r.pick(["constructor", "toString", "hasOwnProperty", "valueOf"]);
        result = bad(kind, key, { ...answers, [key]: r.pick(["x", 1, {}]) });
      } else if (kind === "__proto__ key") {
        const target = shown.length ? r.pick(shown) : undefined;
        const payload =
          target && r.chance(0.5)
            ? { [target.getValueName()]: valueFor(target, r) ?? "x" }
            : { isAdmin: true };
        result = bad(kind, "__proto__", withProtoKey(answers, payload));
      } else if (kind === "hidden answer" && hidden.length) {
        const q = r.pick(hidden);
        const v = CONTAINERS.has(q.getType()) ? valueForHiddenContainer(q, r) : valueFor(q, r);
        if (v !== undefined) result = bad(kind, q.getValueName(), { ...answers, [q.getValueName()]: v });
      } else if (kind === "missing required" || kind === "empty required") {
        const required = shown.filter((q) => q.isRequired && q.getValueName() in answers);
        if (required.length) {
          const name = r.pick(required).getValueName();
          const copy = { ...answers };
          if (kind === "missing required") delete copy[name];
          else copy[name] = r.pick([null, "", [], {}]);
          result = bad(kind, name, copy);
        }
      } else if (kind === "comment key" && shown.length) {
        const q = r.pick(shown);
        const key = `${q.getValueName()}-Comment`;
        result = bad(kind, key, { ...answers, [key]: r.pick(["ghi chú", 5, ["x"]]) });
      } else if (kind === "no-value element" && noValue.length) {
        const q = r.pick(noValue);
        result = bad(kind, q.name, { ...answers, [q.name]: "x" });
      } else if (kind === "not an object" && r.chance(0.3)) {
        result = bad(kind, "", r.pick([null, [], "answers", 42, [answers]]));
      } else if (kind === "forged expression value" && computed.length) {
        // survey-core recomputes it on load; neither side compares it (a known gap, see the summary).
        const q = r.pick(computed);
        result = bad(kind, q.getValueName(), { ...answers, [q.getValueName()]: r.pick([999999, "giả mạo"]) });
      } else if (kind === "calculated value" && calculated.length) {
        const name = r.pick(calculated);
        result = bad(kind, name, { ...answers, [name]: r.pick(["x", 1]) });
      }
    }
    if (result) out.push(result);
  }
  return out;
}

/** A value for a hidden dynamic matrix/panel/dropdown matrix: one row with one cell. */
function valueForHiddenContainer(q: SQ, r: Rand): unknown {
  const type = q.getType();
  if (type === "matrixdropdown") {
    const row = (q.rows ?? [])[0];
    const column = (q.columns ?? [])[0];
    return row && column ? { [String(row.value)]: { [column.name]: 1 } } : undefined;
  }
  if (type === "matrixdynamic") {
    const column = (q.columns ?? [])[0];
    return column ? [{ [column.name]: r.pick(["x", 1]) }] : undefined;
  }
  const template = asQ(q.template?.questions[0]);
  return q.template?.questions.length ? [{ [template.getValueName()]: "x" }] : undefined;
}
