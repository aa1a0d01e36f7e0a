import { NUMBER_INPUTS, SELECT_TYPES } from "./question-types.ts";
import type { FormJson } from "./types.ts";
import { isPlainObject } from "./value-checks.ts";

// What compile-validator.ts reproduces of survey-core. Anything else in a form (a property not listed
// here, an unknown function in a condition, …) sends the whole form to survey-core itself: being slower
// on an unusual form is fine; giving a different verdict is not. Display-only properties are listed
// because they change nothing a response can be checked against.

const SURVEY_KEYS = new Set([
  ...["title", "description", "logo", "logoPosition", "logoWidth", "logoHeight", "logoFit", "locale"],
  ...["pages", "elements", "questions", "showQuestionNumbers", "showProgressBar", "progressBarType"],
  ...["showNavigationButtons", "showPrevButton", "completedHtml", "completeText", "pageNextText"],
  ...["pagePrevText", "questionTitleLocation", "questionDescriptionLocation", "questionErrorLocation"],
  ...["widthMode", "width", "fitToContainer", "focusFirstQuestionAutomatic", "checkErrorsMode"],
  ...["textUpdateMode", "showTitle", "showPageTitles", "showCompletedPage", "requiredText", "requiredMark"],
  ...["maxTextLength", "maxCommentLength", "autoGrowComment", "allowResizeComment", "headerView"],
  ...["clearInvisibleValues", "showBrandInfo", "questionsOrder", "showTOC", "tocLocation"],
  // tieuchi's scoring metadata (forms/survey-properties.ts)
  ...["criteria", "levels", "audience", "source"],
]);

const ELEMENT_KEYS = new Set([
  ...["type", "name", "title", "description", "visible", "visibleIf", "enableIf", "requiredIf"],
  ...["isRequired", "readOnly", "requiredErrorText", "titleLocation", "descriptionLocation"],
  ...["hideNumber", "showNumber", "startWithNewLine", "width", "minWidth", "maxWidth", "indent"],
  ...["state", "showQuestionNumbers", "questionTitleLocation", "questionErrorLocation", "errorLocation"],
  ...["navigationTitle", "navigationDescription", "elements", "questions", "validators", "innerIndent"],
  ...["hasComment", "showCommentArea", "commentText", "commentPlaceholder", "questionStartIndex"],
  ...["criterion", "weight", "maxScore", "target"],
]);

const TYPE_KEYS: Record<string, string[]> = {
  panel: [],
  text: [
    ...["inputType", "placeholder", "maxLength", "min", "max", "minErrorText", "maxErrorText"],
    ...["autocomplete", "size", "textUpdateMode", "minValueExpression", "maxValueExpression"],
  ],
  comment: ["placeholder", "maxLength", "rows", "cols", "autoGrow", "allowResize", "textUpdateMode"],
  rating: [
    ...["rateMin", "rateMax", "rateStep", "rateValues", "rateCount", "rateType", "rateDisplayMode"],
    ...["displayMode", "scaleColorMode", "rateColorMode", "minRateDescription", "maxRateDescription"],
    ...["mininumRateDescription", "maximumRateDescription", "displayRateDescriptionsAsExtremeItems"],
    ...["autoGenerate", "rateDescriptionLocation"],
  ],
  radiogroup: [],
  dropdown: ["placeholder", "allowClear", "searchEnabled", "choicesMin", "choicesMax", "choicesStep"],
  checkbox: ["maxSelectedChoices", "minSelectedChoices"],
  tagbox: ["maxSelectedChoices", "minSelectedChoices", "placeholder", "allowClear", "searchEnabled"],
  boolean: ["labelTrue", "labelFalse", "valueTrue", "valueFalse", "swapOrder", "label"],
  expression: [
    ...["expression", "displayStyle", "currency", "maximumFractionDigits", "minimumFractionDigits"],
    ...["format", "precision"],
  ],
  html: ["html"],
  image: ["imageLink", "imageHeight", "imageWidth", "contentMode", "imageFit", "altText"],
  matrix: [
    ...["columns", "rows", "isAllRowRequired", "eachRowRequired", "alternateRows", "columnMinWidth"],
    ...["rowTitleWidth", "showHeader", "cellType", "rowsOrder"],
  ],
};
// A dynamic matrix of text cells (compile-dynamic.ts); its columns are checked by columnsProblem.
TYPE_KEYS.matrixdynamic = [
  ...["columns", "rowCount", "minRowCount", "maxRowCount", "addRowText", "removeRowText", "cellType"],
  ...["columnMinWidth", "confirmDelete", "confirmDeleteText", "showHeader", "alternateRows", "noRowsText"],
];
/** What compile-dynamic.ts does not reproduce on a dynamic matrix: validators and a comment area. */
const DYNAMIC_EXCLUDED = ["validators", "hasComment", "showCommentArea", "commentText", "commentPlaceholder"];
/** A column of a compiled dynamic matrix: a text or comment cell with static flags and no validators. */
const COLUMN_KEYS = new Set([
  ...["name", "title", "cellType", "inputType", "isRequired", "min", "max", "maxLength", "placeholder"],
  ...["width", "minWidth"],
]);
const CELL_TYPES_COMPILED = new Set(["text", "comment"]);

const CHOICE_KEYS = [
  ...["choices", "choicesOrder", "colCount", "showOtherItem", "hasOther", "otherText", "otherErrorText"],
  ...["otherPlaceholder", "showNoneItem", "hasNone", "noneText", "separateSpecialChoices"],
  // Remote choices are checked as capped text (value-checks.ts), the same on both paths.
  "choicesByUrl",
];
// Of the choice types, buttongroup is left to the fallback (validate.ts): no form of the differential
// test has one, so a compiled buttongroup would be checked against nothing.
for (const type of SELECT_TYPES) TYPE_KEYS[type]?.push(...CHOICE_KEYS);

/** Keys of a choice, rate value, matrix row or column given as an object. */
const ITEM_KEYS = new Set(["value", "text", "score"]);

const VALIDATOR_KEYS: Record<string, string[]> = {
  numeric: ["minValue", "maxValue"],
  text: ["minLength", "maxLength", "allowDigits"],
  email: [],
  regex: ["regex", "caseInsensitive"],
  expression: ["expression"],
  answercount: ["minCount", "maxCount"],
};

const INPUT_TYPES = new Set([
  ...["text", "number", "range", "date", "datetime-local", "time", "month", "week", "email", "tel"],
  ...["url", "password", "color"],
]);
const CELL_TYPES = new Set(["radio", "checkbox"]);

/**
 * survey-core's built-in functions that read only their arguments. The others (displayValue,
 * propertyValue, isContainerReady, getComment, isDisplayMode) read the survey model, which compiled
 * checks do not have.
 */
const PURE_FUNCTIONS = new Set([
  ...["sum", "min", "max", "count", "avg", "round", "trunc", "iif", "getDate", "age", "dateDiff"],
  ...["dateAdd", "currentDate", "today", "getYear", "currentYear", "diffDays", "year", "month", "day"],
  ...["weekday", "substring"],
]);

type Json = Record<string, unknown>;

/** Why a form cannot be compiled (the first reason found), or undefined when it can. */
export function unsupportedFeature(form: FormJson): string | undefined {
  const json: Json = form;
  for (const key of Object.keys(json)) if (!SURVEY_KEYS.has(key)) return `survey property "${key}"`;
  const clear = json.clearInvisibleValues;
  if (clear !== undefined && clear !== "onComplete" && clear !== "none")
    return `clearInvisibleValues "${String(clear)}"`;

  const elements: Json[] = [];
  const collect = (list: unknown): string | undefined => {
    if (list === undefined) return undefined;
    if (!Array.isArray(list)) return "elements that are not a list";
    for (const e of list) {
      if (!isPlainObject(e)) return "an element that is not an object";
      elements.push(e);
      const inner = collect(e.elements) ?? collect(e.questions);
      if (inner) return inner;
    }
    return undefined;
  };
  const structure = collect(json.pages) ?? collect(json.elements) ?? collect(json.questions);
  if (structure) return structure;

  const names = new Set<string>();
  const computed = new Set<string>();
  for (const e of elements) {
    if (typeof e.name === "string" && e.type !== undefined && e.type !== "panel") {
      const name = e.name.toLowerCase();
      if (names.has(name)) return `two questions named "${e.name}"`;
      names.add(name);
      if (e.type === "expression") computed.add(name);
    }
  }
  for (const e of elements) {
    const problem = elementProblem(e, computed);
    if (problem) return `${problem} (in "${String(e.name ?? e.type ?? "?")}")`;
  }
  return undefined;
}

function elementProblem(e: Json, computed: Set<string>): string | undefined {
  const type = e.type === undefined ? "panel" : String(e.type);
  const own = TYPE_KEYS[type];
  if (!own) return `question type "${type}"`;
  for (const key of Object.keys(e)) {
    if (!ELEMENT_KEYS.has(key) && !own.includes(key)) return `property "${key}" of ${type}`;
  }
  for (const key of ["visibleIf", "enableIf", "requiredIf", "minValueExpression", "maxValueExpression"]) {
    const problem = expressionProblem(e[key], computed);
    if (problem) return `${key}: ${problem}`;
  }
  if (type === "text") {
    // As survey-core reads it: lower case, and the legacy "datetime" is "datetime-local".
    const input =
      e.inputType === undefined
        ? "text"
        : String(e.inputType)
            .toLowerCase()
            .replace(/^datetime(_local)?$/, "datetime-local");
    if (!INPUT_TYPES.has(input)) return `inputType "${input}"`;
    if ((e.min !== undefined || e.max !== undefined) && !NUMBER_INPUTS.has(input))
      return `min/max on a ${input} input`;
    // A computed bound is compared as a number or, on these inputs, as a date (compile-validator.ts).
    const computed = e.minValueExpression !== undefined || e.maxValueExpression !== undefined;
    if (computed && !NUMBER_INPUTS.has(input) && input !== "date" && input !== "datetime-local")
      return `a computed min/max on a ${input} input`;
    for (const key of ["min", "max"]) {
      if (e[key] !== undefined && typeof e[key] !== "number") return `${key} that is not a number`;
    }
  }
  if (type === "matrix" && e.cellType !== undefined && !CELL_TYPES.has(String(e.cellType)))
    return `cellType "${String(e.cellType)}"`;
  if (type === "matrixdynamic") {
    const excluded = DYNAMIC_EXCLUDED.find((key) => e[key] !== undefined);
    if (excluded) return `property "${excluded}" of matrixdynamic`;
    return columnsProblem(e);
  }
  for (const key of ["choices", "rateValues", "rows", "columns"]) {
    const items = e[key];
    if (items === undefined || (key === "rows" && type === "comment")) continue;
    if (!Array.isArray(items)) return `${key} that are not a list`;
    for (const item of items) {
      if (!isPlainObject(item)) continue;
      const extra = Object.keys(item).find((k) => !ITEM_KEYS.has(k));
      if (extra) return `"${extra}" on an item of ${key}`;
    }
  }
  if (e.validators !== undefined) {
    if (!Array.isArray(e.validators)) return "validators that are not a list";
    for (const v of e.validators) {
      if (!isPlainObject(v)) return "a validator that is not an object";
      const kind = String(v.type ?? "").replace(/validator$/, "");
      const keys = VALIDATOR_KEYS[kind];
      if (!keys) return `validator "${String(v.type)}"`;
      const extra = Object.keys(v).find((k) => k !== "type" && k !== "text" && !keys.includes(k));
      if (extra) return `"${extra}" on a ${kind} validator`;
      if (typeof v.text === "string" && v.text.includes("{")) return "a validator text with placeholders";
      const problem = kind === "expression" ? expressionProblem(v.expression, computed) : undefined;
      if (problem) return `expression validator: ${problem}`;
    }
  }
  return undefined;
}

/** Why a dynamic matrix's columns are not compiled, or undefined: text or comment cells only. */
function columnsProblem(e: Json): string | undefined {
  if (!Array.isArray(e.columns) || e.columns.length === 0) return "a dynamic matrix without columns";
  for (const key of ["rowCount", "minRowCount", "maxRowCount"]) {
    if (e[key] !== undefined && !(Number.isInteger(e[key]) && (e[key] as number) >= 0))
      return `${key} that is not a count`;
  }
  // survey-core fills a value out to minRowCount rows, and with more default rows than a minimum of one
  // it drops the "required" of an unanswered matrix: neither is reproduced (compile-dynamic.ts).
  const min = (e.minRowCount as number | undefined) ?? 0;
  const rows = (e.rowCount as number | undefined) ?? 2;
  if (min > 1 || (min === 1 && rows > 1)) return `minRowCount ${min} with rowCount ${rows}`;
  const names = new Set<string>();
  for (const column of e.columns) {
    if (!isPlainObject(column)) return "a column that is not an object";
    const extra = Object.keys(column).find((k) => !COLUMN_KEYS.has(k));
    if (extra) return `"${extra}" on a column`;
    if (typeof column.name !== "string" || column.name.trim() === "" || names.has(column.name))
      return "a column without a name of its own";
    names.add(column.name);
    const cellType = String(column.cellType ?? e.cellType ?? "dropdown");
    if (!CELL_TYPES_COMPILED.has(cellType)) return `cellType "${cellType}"`;
    const input = column.inputType === undefined ? "text" : String(column.inputType);
    if (cellType === "comment" && column.inputType !== undefined) return "inputType on a comment cell";
    if (!INPUT_TYPES.has(input)) return `inputType "${input}"`;
    if ((column.min !== undefined || column.max !== undefined) && !NUMBER_INPUTS.has(input))
      return `min/max on a ${input} cell`;
    for (const key of ["min", "max", "maxLength"]) {
      if (column[key] !== undefined && typeof column[key] !== "number") return `${key} that is not a number`;
    }
    if (column.isRequired !== undefined && typeof column.isRequired !== "boolean")
      return "isRequired that is not true or false";
  }
  return undefined;
}

/**
 * A condition the compiled checks can run on the answers alone: only pure functions, and no reference
 * to an expression question (its value is computed by survey-core, not taken from the answers).
 */
function expressionProblem(expression: unknown, computed: Set<string>): string | undefined {
  if (expression === undefined) return undefined;
  if (typeof expression !== "string") return "not text";
  for (const [, name] of expression.matchAll(/\{([^}]*)\}/g)) {
    const first = (name ?? "").trim().split(/[.[]/)[0]?.toLowerCase() ?? "";
    if (computed.has(first)) return `refers to the computed question "${first}"`;
  }
  // Function calls outside {…} and quotes.
  const bare = expression.replace(/\{[^}]*\}|'[^']*'|"[^"]*"/g, " ");
  for (const [, fn] of bare.matchAll(/([A-Za-z_$][\w$]*)\s*\(/g)) {
    if (!PURE_FUNCTIONS.has(fn as string)) return `function "${fn}"`;
  }
  return undefined;
}
