/**
 * The heading row of a table: a column a label (false leaves it out), then, with `actions`, a column of
 * buttons whose heading only screen readers read.
 */
export function TableHead({ cols, actions }: { cols: (string | false)[]; actions?: string }) {
  return (
    <thead>
      <tr>
        {cols.map(
          (c) =>
            c !== false && (
              <th key={c} scope="col">
                {c}
              </th>
            ),
        )}
        {actions !== undefined && (
          <th scope="col">
            <span className="sr-only">{actions}</span>
          </th>
        )}
      </tr>
    </thead>
  );
}
