import { type CompiledValidator, compileValidator, type Validator } from "../../forms/compile-validator.ts";
import type { Form, FormJson } from "../../forms/types.ts";

/**
 * The validator of each form version, compiled on first use and kept as long as the parsed form is
 * (the store reuses one parsed object per version). A form that cannot be compiled is said once in the
 * log, with the reason: it is checked by survey-core itself, correct but about 1,000× slower.
 */
export function formValidators(log: (line: string) => void): (form: Form) => Validator {
  const compiled = new WeakMap<FormJson, CompiledValidator>();
  return (form) => {
    let validator = compiled.get(form.json);
    if (!validator) {
      validator = compileValidator(form.json);
      compiled.set(form.json, validator);
      if (validator.fallback)
        log(
          `form ${form.id} version ${form.version}: answers checked by survey-core, not compiled (${validator.fallback})`,
        );
    }
    return validator;
  };
}
