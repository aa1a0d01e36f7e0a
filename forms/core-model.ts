import type { ItemValue, Model, SurveyValidator } from "survey-core";

// The survey-core members the validators read, typed once. survey-core declares many of them on the
// subclass of each question type (visibleChoices on select questions, visibleRows on matrices …), some
// as protected or private (getMinMaxErrorText, getErrorText), so a Question gives none of them: the
// models' elements are read through these interfaces instead, and this file is the only cast.

/** What survey-core's error and validator texts need of their owner (not exported by survey-core). */
type ValidatorOwner = SurveyValidator["owner"];

/** A question, panel or page: its own flags and the containers around it. */
export interface CoreContainer {
  name: string;
  visible: boolean;
  visibleIf: string;
  readOnly: boolean;
  enableIf: string;
  parent?: CoreContainer | null;
  /** The question a nested element belongs to (matrix cell, dynamic panel question). */
  parentQuestion?: CoreQuestion | null;
  /** survey-core's errors after `validate()`. */
  errors: { getText(): string }[];
  /** A question's (panels have none). */
  getValueName?(): string;
}

/** A question of any type; the members of a type are read only for a question of that type. */
export interface CoreQuestion extends CoreContainer, ValidatorOwner {
  getType(): string;
  getValueName(): string;
  isVisible: boolean;
  isParentVisible: boolean;
  isRequired: boolean;
  requiredIf: string;
  requiredErrorText: string;
  hasComment: boolean;
  validators: CoreValidator[];
  getValidatorTitle(): string | null;
  getLocalizationFormatString(key: string, ...args: unknown[]): string;
  clearIncorrectValues(): void;
  // select questions (radiogroup, dropdown, checkbox, tagbox, image picker, ranking, buttongroup)
  hasOther: boolean;
  otherItem: ItemValue;
  otherErrorText: string;
  visibleChoices: ItemValue[];
  choicesByUrl?: { url?: string };
  multiSelect?: boolean;
  maxSelectedChoices: number;
  minSelectedChoices: number;
  // rating
  visibleRateValues: ItemValue[];
  // boolean
  getValueTrue(): unknown;
  getValueFalse(): unknown;
  // text and comment
  inputType?: string;
  getMaxLength(): number | null;
  renderedMin: unknown;
  renderedMax: unknown;
  minErrorText: string;
  maxErrorText: string;
  getMinMaxErrorText(text: string, value: unknown): string;
  minValueExpression: string;
  maxValueExpression: string;
  /** A computed bound as the question keeps it (a Date becomes its text), then as it compares it. */
  convertFuncValuetoQuestionValue(value: unknown): unknown;
  getCalculatedMinMax(value: unknown): unknown;
  // matrices: a simple matrix's row is named by `name`, a dropdown or dynamic matrix's by `rowName`
  visibleRows: CoreMatrixRow[];
  visibleColumns: ItemValue[];
  isMultiSelect: boolean;
  eachRowRequired: boolean;
  maxRowCount: number;
  minRowCount: number;
  /** A dynamic matrix's rows when it has no value. */
  rowCount: number;
  // multiple text
  items: { name: string; editor: CoreQuestion }[];
  // dynamic panel
  panels: { questions: CoreQuestion[] }[];
  maxPanelCount: number;
}

export interface CoreMatrixRow {
  name: unknown;
  rowName: unknown;
  cells: { column: { name: string }; question: CoreQuestion }[];
}

export interface CoreValidator {
  getType(): string;
  validate(value: unknown, name?: string): { error?: { getText(): string } | null } | null;
  /** An expression validator's condition. */
  expression: string;
  getErrorText(name: string): string;
}

/** The model's questions (survey-core's getAllQuestions). */
export function questionsOf(model: Model, ...args: Parameters<Model["getAllQuestions"]>): CoreQuestion[] {
  return model.getAllQuestions(...args) as unknown as CoreQuestion[];
}

/** The model's panels, hidden ones included (they may hold errors of their own: a required panel). */
export function panelsOf(model: Model): CoreContainer[] {
  return model.getAllPanels(false, true) as unknown as CoreContainer[];
}
