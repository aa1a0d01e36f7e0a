import type { InputHTMLAttributes, ReactNode } from "react";

/** The error of a whole form (usually the server's answer), shown right above its submit button. */
export function FormError({ message, children }: { message?: string | null; children?: ReactNode }) {
  if (!message) return null;
  return (
    <div className="form-error" role="alert" data-testid="form-error">
      <p>{message}</p>
      {children}
    </div>
  );
}

/** A form success note. */
export function FormOk({ message }: { message?: string | null }) {
  if (!message) return null;
  return (
    <p className="form-ok" role="status">
      {message}
    </p>
  );
}

interface FieldProps {
  id: string;
  label: string;
  hint?: string | undefined;
  error?: string | undefined;
  children: ReactNode;
}

/**
 * A labelled field with its hint and its own validation error underneath. The input inside should
 * carry `id`, and `aria-describedby={describedBy(id, hint, error)}` and `aria-invalid={!!error}`.
 */
export function Field({ id, label, hint, error, children }: FieldProps) {
  return (
    <div className={error ? "field invalid" : "field"}>
      <label htmlFor={id}>{label}</label>
      {children}
      {hint && (
        <small id={`${id}-hint`} className="hint">
          {hint}
        </small>
      )}
      {error && (
        <small id={`${id}-error`} className="field-error" data-testid="field-error">
          {error}
        </small>
      )}
    </div>
  );
}

/** A narrow input of a whole number. */
export function NumberInput(props: InputHTMLAttributes<HTMLInputElement>) {
  return <input type="number" inputMode="numeric" className="narrow" {...props} />;
}

/** The attributes that tie an input to its Field's hint and error. */
export function inputProps(id: string, error?: string, hint?: string) {
  return { id, "aria-invalid": !!error, "aria-describedby": describedBy(id, hint, error) };
}

export function describedBy(id: string, hint?: string, error?: string): string | undefined {
  const ids = [hint ? `${id}-hint` : "", error ? `${id}-error` : ""].filter(Boolean);
  return ids.length > 0 ? ids.join(" ") : undefined;
}
