import type { ReactNode } from "react";

/** A card with a heading; the `testId` names it for tests. */
export function Card({
  title,
  testId,
  children,
  wide,
  aside,
}: {
  title: string;
  testId?: string;
  children: ReactNode;
  wide?: boolean;
  aside?: ReactNode;
}) {
  const id = `sec-${title.replace(/[^\p{L}\p{N}]+/gu, "-").toLowerCase()}`;
  return (
    <section
      className={wide ? "card dash-card wide" : "card dash-card"}
      aria-labelledby={id}
      data-testid={testId}
    >
      <div className="dash-card-head">
        <h2 id={id}>{title}</h2>
        {aside}
      </div>
      {children}
    </section>
  );
}

/** A sentence in place of a chart that has nothing to draw. */
export function NoChart({ text }: { text: string }) {
  return (
    <p className="no-chart" data-testid="no-chart">
      {text}
    </p>
  );
}

/** A bar filled to a completion rate (0..1, full from 1 up); its number is written beside it. */
export function Meter({ rate }: { rate: number }) {
  return (
    <span className="meter" aria-hidden="true">
      <span style={{ width: `${Math.min(100, rate * 100)}%` }} />
    </span>
  );
}

/** A column heading of numbers (right-aligned). */
export function NumHead({ children, title }: { children: ReactNode; title?: string }) {
  return (
    <th scope="col" className="right" title={title} aria-label={title}>
      {children}
    </th>
  );
}
