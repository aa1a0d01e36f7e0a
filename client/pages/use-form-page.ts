import { useEffect, useState } from "react";
import type { Model, Question } from "survey-core";

/**
 * The model's current page (index among the visible ones) and how many there are. After "Tiếp theo" or
 * "Quay lại", focus moves to the new page's first question, so a screen reader or keyboard user starts
 * there instead of on the button at the bottom.
 */
export function useFormPage(model: Model | undefined): { page: number; count: number } {
  const [state, setState] = useState({ page: 0, count: 1 });
  useEffect(() => {
    if (!model) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const read = () => setState({ page: model.currentPageNo, count: model.visiblePageCount });
    read();
    const changed = () => {
      read();
      clearTimeout(timer);
      // After survey-core's own scroll to the page top (a timer it sets on render).
      timer = setTimeout(() => focusFirstQuestion(model), 50);
    };
    model.onCurrentPageChanged.add(changed);
    model.onVisibleChanged.add(read);
    return () => {
      clearTimeout(timer);
      model.onCurrentPageChanged.remove(changed);
      model.onVisibleChanged.remove(read);
    };
  }, [model]);
  return state;
}

function focusFirstQuestion(model: Model): void {
  const first = (model.currentPage?.questions as Question[] | undefined)?.find((q) => q.isVisible);
  const element = first && document.getElementById(first.id);
  if (!element) return;
  // The question's box (labelled by its title), not its first input: no keyboard pops up on a phone.
  if (!element.hasAttribute("tabindex")) element.setAttribute("tabindex", "-1");
  element.focus({ preventScroll: true });
  // From "Trang n/N" down: where one is, then the question (the title above it is short on later pages).
  (document.querySelector(".form-progress") ?? element).scrollIntoView({ block: "start" });
}
