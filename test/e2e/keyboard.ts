import type { Page } from "playwright-core";
import { expect } from "vitest";

interface Focus {
  /** Focus rests on the document itself (between the last element and the first): nothing to mark. */
  atBody: boolean;
  /** Whether the focused element matches the selector asked about. */
  matches: boolean;
  /** What marks the focus visibly; empty when nothing does. */
  mark: string;
  /** A short description of the focused element, for failure messages. */
  name: string;
}

/**
 * Runs in the page. What shows where keyboard focus is: the focused element's own outline or box-shadow,
 * or its wrapper's outline (survey-core draws text boxes with a wrapper), or, for an input hidden behind
 * its label (survey-core's rating, radio and checkbox items), the label's when it differs from the other
 * labels' of the question (WCAG 2.4.7).
 */
function probe(selector: string): Focus {
  const el = document.activeElement as HTMLElement | null;
  const name = !el
    ? "(none)"
    : `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ""}${el.getAttribute("name") ? `[name=${el.getAttribute("name")}]` : ""} "${(el.innerText || (el as HTMLInputElement).value || "").slice(0, 40)}"`;
  if (!el || el === document.body) return { atBody: true, matches: false, mark: "", name };
  const marks = (e: Element) => {
    const s = getComputedStyle(e);
    const found: string[] = [];
    if (s.outlineStyle !== "none" && Number.parseFloat(s.outlineWidth) >= 1)
      found.push(`outline ${s.outlineWidth} ${s.outlineStyle} ${s.outlineColor}`);
    if (s.boxShadow !== "none") found.push(`box-shadow ${s.boxShadow}`);
    return found.join("; ");
  };
  const matches = selector ? el.matches(selector) : false;
  const box = el.getBoundingClientRect();
  const hidden = box.width <= 2 || box.height <= 2 || getComputedStyle(el).opacity === "0";
  if (!hidden) {
    // A wrapper shows focus with an outline, which no wrapper has at rest.
    let mark = marks(el);
    for (let up = el.parentElement, i = 0; !mark && up && i < 3; up = up.parentElement, i++)
      if (getComputedStyle(up).outlineStyle !== "none") mark = `wrapper ${marks(up)}`;
    return { atBody: false, matches, mark, name };
  }
  const label = el.closest("label");
  if (!label) return { atBody: false, matches, mark: "", name };
  const mine = marks(label);
  const peer = [...(label.closest("fieldset, .sd-question")?.querySelectorAll("label") ?? [])].find(
    (l) => l !== label,
  );
  return { atBody: false, matches, mark: peer && marks(peer) === mine ? "" : mine, name };
}

/** Describes the focused element, for failure messages. */
export async function focusedName(page: Page): Promise<string> {
  return (await page.evaluate(probe, "")).name;
}

/** Fails unless the focused element shows a focus outline or ring. */
export async function expectVisibleFocus(page: Page): Promise<void> {
  const focus = await page.evaluate(probe, "");
  expect(focus.mark, `no visible focus on ${focus.name}`).not.toBe("");
}

/**
 * Presses Tab (Shift+Tab when `back`) until the focused element matches `selector`, checking at every stop
 * that focus is visible; fails after `max` presses. Already there: no press.
 */
export async function tabTo(page: Page, selector: string, { max = 80, back = false } = {}): Promise<void> {
  if ((await page.evaluate(probe, selector)).matches) return;
  for (let i = 0; i < max; i++) {
    await page.keyboard.press(back ? "Shift+Tab" : "Tab");
    const focus = await page.evaluate(probe, selector);
    if (focus.atBody) continue;
    expect(focus.mark, `no visible focus on ${focus.name}`).not.toBe("");
    if (focus.matches) return;
  }
  throw new Error(`Tab never reached ${selector}; focus is on ${await focusedName(page)}`);
}
