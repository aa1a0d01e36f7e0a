import { RE2JS } from "re2js";
import { RegexValidator } from "survey-core";

/**
 * Regex validators run on RE2 semantics (re2js, linear in the answer's length), never on the
 * backtracking RegExp engine: an ordinary-looking pattern such as `^(0|\+84)(\d{1,3}[ .-]?)+$` takes
 * seconds on RegExp for a 37-character answer, and doubles with each extra character.
 */

/** Longest answer a regex is run on; a longer one fails the validator without being searched. */
export const REGEX_INPUT_MAX = 1000;

type Compiled = { ok: true; re: RE2JS } | { ok: false; reason: string };
const cache = new Map<string, Compiled>();
const CACHE_MAX = 1000;

function compile(pattern: string, caseInsensitive: boolean): Compiled {
  const key = `${caseInsensitive ? "i" : "-"}${pattern}`;
  let compiled = cache.get(key);
  if (!compiled) {
    try {
      const flags = caseInsensitive ? RE2JS.CASE_INSENSITIVE : 0;
      compiled = { ok: true, re: RE2JS.compile(RE2JS.translateRegExp(pattern), flags) };
    } catch (err) {
      compiled = { ok: false, reason: err instanceof Error ? err.message : String(err) };
    }
    if (cache.size >= CACHE_MAX) cache.clear();
    cache.set(key, compiled);
  }
  return compiled;
}

/** Why RE2 cannot run this pattern (backreferences, lookarounds, bad syntax), or undefined if it can. */
export function linearRegexProblem(pattern: string, caseInsensitive = false): string | undefined {
  const compiled = compile(pattern, caseInsensitive);
  return compiled.ok ? undefined : compiled.reason;
}

/**
 * RegExp.test on RE2: finds the pattern anywhere in the value, as survey-core's validator does. A value
 * over REGEX_INPUT_MAX characters, or a pattern RE2 cannot run (only in forms stored before uploads were
 * checked), fails: refusing one answer is better than stalling every user of the server.
 */
export function linearTest(pattern: string, caseInsensitive: boolean, value: unknown): boolean {
  const text = String(value);
  if (text.length > REGEX_INPUT_MAX) return false;
  const compiled = compile(pattern, caseInsensitive);
  return compiled.ok && compiled.re.test(text);
}

let installed = false;
/**
 * Makes every survey-core regex validator in this process use linearTest (survey-core builds its RegExp
 * in createRegExp; what it gets back only needs `test`). Called by the server and its validation
 * workers; the client keeps the browser's RegExp, which only ever sees its own user's answers.
 */
export function installLinearRegex(): void {
  if (installed) return;
  installed = true;
  const proto = RegexValidator.prototype as unknown as {
    createRegExp(this: { regex: string; caseInsensitive: boolean }): { test(value: unknown): boolean };
  };
  proto.createRegExp = function () {
    const { regex, caseInsensitive } = this;
    return { test: (value) => linearTest(regex, !!caseInsensitive, value) };
  };
}

/**
 * Every regex validator of a form (at any depth: matrix columns, dynamic panels) whose pattern RE2
 * cannot run, with the reason: such a form is refused at upload.
 */
export function unrunnableRegexes(json: unknown): string[] {
  const problems: string[] = [];
  const visit = (node: unknown, owner: string) => {
    if (Array.isArray(node)) {
      for (const item of node) visit(item, owner);
      return;
    }
    if (typeof node !== "object" || node === null) return;
    const o = node as Record<string, unknown>;
    const name = typeof o.name === "string" ? o.name : owner;
    if ((o.type === "regex" || o.type === "regexvalidator") && o.regex !== undefined) {
      const reason =
        typeof o.regex !== "string"
          ? "not text"
          : linearRegexProblem(o.regex, o.caseInsensitive === true || o.insensitive === true);
      if (reason)
        problems.push(
          `"${name}": regex validator ${JSON.stringify(o.regex)} cannot run in linear time (${reason}); rewrite it without backreferences or lookarounds`,
        );
    }
    for (const value of Object.values(o)) visit(value, name);
  };
  visit(json, "");
  return problems;
}
