import type { Page } from "playwright-core";
import { expect } from "vitest";

/**
 * What shows where keyboard focus is: the focused element's own outline or box-shadow, or its wrapper's
 * outline, or, for an input hidden behind its label (survey-core's rating, radio and checkbox items), the
 * label's when it differs from the other labels'. Empty when nothing visible marks it (WCAG 2.4.7).
 */
export function focusIndicator(page: Page): Promise<string> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el || el === document.body) return "";
    const marks = (e: Element) => {
      const s = getComputedStyle(e);
      const found: string[] = [];
      if (s.outlineStyle !== "none" && Number.parseFloat(s.outlineWidth) >= 1)
        found.push(`outline ${s.outlineWidth} ${s.outlineStyle} ${s.outlineColor}`);
      if (s.boxShadow !== "none") found.push(`box-shadow ${s.boxShadow}`);
      return found.join("; ");
    };
    const box = el.getBoundingClientRect();
    const hidden = box.width <= 2 || box.height <= 2 || getComputedStyle(el).opacity === "0";
    if (!hidden) {
      // A text box drawn by its wrapper (survey-core's formbox) shows focus there: an outline, which no
      // wrapper has at rest.
      let mine = marks(el);
      for (let up = el.parentElement, i = 0; !mine && up && i < 3; up = up.parentElement, i++)
        if (getComputedStyle(up).outlineStyle !== "none") mine = `wrapper ${marks(up)}`;
      return mine;
    }
    // A hidden input shows focus on its label: it must look different from its unfocused neighbours.
    const label = el.closest("label");
    if (!label) return "";
    const mine = marks(label);
    const peer = [...(label.closest("fieldset, .sd-question")?.querySelectorAll("label") ?? [])].find(
      (l) => l !== label,
    );
    return peer && marks(peer) === mine ? "" : mine;
  });
}

/** A short description of the focused element, for failure messages. */
export function focusedName(page: Page): Promise<string> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el) return "(none)";
    const id = el.id ? `#${el.id}` : "";
    const name = el.getAttribute("name") ? `[name=${el.getAttribute("name")}]` : "";
    return `${el.tagName.toLowerCase()}${id}${name} "${(el.innerText || (el as HTMLInputElement).value || "").slice(0, 40)}"`;
  });
}

/** Fails unless the focused element shows a focus outline or ring. */
export async function expectVisibleFocus(page: Page): Promise<void> {
  const mark = await focusIndicator(page);
  expect(mark, `no visible focus on ${await focusedName(page)}`).not.toBe("");
}

/**
 * Presses Tab (Shift+Tab when `back`) until the focused element matches `selector`, checking at every stop
 * that focus is visible; fails after `max` presses.
 */
export async function tabTo(page: Page, selector: string, { max = 80, back = false } = {}): Promise<void> {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press(back ? "Shift+Tab" : "Tab");
    // Between the last element and the first, focus rests on the document itself: nothing to mark.
    if (await page.evaluate(() => document.activeElement === document.body)) continue;
    await expectVisibleFocus(page);
    if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return;
  }
  throw new Error(`Tab never reached ${selector}; focus is on ${await focusedName(page)}`);
}
