import type { TooltipItem } from "chart.js";
import { Fragment, type ReactNode, useMemo, useState } from "react";
import type { FormJson } from "../../../forms/types.ts";
import { listElements } from "../../../forms/walk.ts";
import { localize } from "../../i18n.ts";
import { useManager } from "../context.ts";
import { Link } from "../router.tsx";
import { type AnyConfig, ChartBox, levelLines, markLine, segmentLabels, valueLabels } from "./Chart.tsx";
import {
  COLOURS,
  criterionTitle,
  fmt,
  groupQuotes,
  heatColour,
  heatLegend,
  kindColour,
  type LikertGroup,
  levelOf,
  levelsBestFirst,
  likertGroups,
  pct,
  signed,
  TOTAL,
  wrap,
} from "./model.ts";
import type { ChildResult, ResultsBody, WithheldReason } from "./types.ts";

interface SectionProps {
  r: ResultsBody;
  /** Charts drawn at once, without animation (the print report). */
  still?: boolean;
}

function useWords() {
  const { t, locale, units } = useManager();
  return { tr: t.results, t, locale, units };
}

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

/** Why the unit's own charts are empty: no responses, or withheld (and how). */
export function whyEmpty(r: ResultsBody, tr: ReturnType<typeof useWords>["tr"]): string {
  if (r.totals.responses === 0) return tr.empty;
  if (r.totals.withheld) {
    const own = r.withheld.find((w) => w.group === "unit");
    return own?.reason === "complement"
      ? tr.withheldUnitComplement
      : tr.withheldUnit(r.totals.responses, r.threshold);
  }
  return tr.emptyChart;
}

// ——— Tiles ———

export function Tiles({ r }: SectionProps) {
  const { tr, locale } = useWords();
  const n = r.totals.responses;
  const completion = r.totals.completion;
  const behind = completion !== null && completion < 0.5;
  const mean = r.total?.mean ?? null;
  const level = levelOf(mean, r.levelsTexts);
  const noScore = r.totals.withheld && n > 0 ? tr.tiles.hidden : tr.tiles.none;
  const distribution = levelsBestFirst(r.levelsTexts)
    .map((l) => ({ label: localize(l.label, locale), n: r.total?.levels[localize(l.label, "vi")] ?? 0 }))
    .filter((l) => l.n > 0);
  return (
    <dl className="tiles" data-testid="tiles" aria-label={tr.tiles.label}>
      <div className="tile">
        <dt>{tr.tiles.responses}</dt>
        <dd className="tile-value" data-tile="responses">
          {fmt(n, locale, 0)}
        </dd>
        <dd className="tile-sub">
          {r.totals.expected !== null
            ? tr.tiles.ofExpected(fmt(r.totals.expected, locale, 0))
            : tr.tiles.noExpected}
        </dd>
      </div>
      <div className={behind ? "tile behind" : "tile"}>
        <dt>{tr.tiles.completion}</dt>
        <dd className="tile-value" data-tile="completion">
          {pct(completion, locale)}
        </dd>
        <dd className="tile-sub">
          {completion !== null ? (
            <>
              <span className="meter" aria-hidden="true">
                <span style={{ width: `${Math.min(100, completion * 100)}%` }} />
              </span>
              {behind && <span className="behind-text">{tr.tiles.behind}</span>}
            </>
          ) : (
            tr.tiles.noExpected
          )}
        </dd>
      </div>
      <div className="tile">
        <dt>{tr.tiles.score}</dt>
        <dd className="tile-value" data-tile="score">
          {mean !== null ? (
            <>
              {fmt(mean, locale)}
              <span className="tile-unit">{tr.tiles.outOf}</span>
            </>
          ) : (
            noScore
          )}
        </dd>
        <dd className="tile-sub">{r.total ? tr.tiles.sd(fmt(r.total.sd, locale)) : "\u00a0"}</dd>
      </div>
      <div className="tile" style={level && mean !== null ? { borderTopColor: heatColour(mean) } : undefined}>
        <dt>{tr.tiles.level}</dt>
        <dd className="tile-value" data-tile="level">
          {level ? localize(level.label, locale) : noScore}
        </dd>
        <dd className="tile-sub">
          {distribution.length > 0 ? distribution.map((d) => `${d.label} ${d.n}`).join(" · ") : "\u00a0"}
        </dd>
      </div>
      <div className="tile">
        <dt>{tr.tiles.criteria}</dt>
        <dd className="tile-value" data-tile="criteria">
          {r.criteriaTexts.length}
        </dd>
        <dd className="tile-sub">{r.criteriaTexts.map((c) => c.id).join(" · ") || "\u00a0"}</dd>
      </div>
    </dl>
  );
}

// ——— Criteria ———

export function CriteriaSection({
  r,
  still,
  fixedMode,
  showLevels,
}: SectionProps & { fixedMode?: "radar" | "bars"; showLevels?: boolean }) {
  const { tr, locale } = useWords();
  const [chosen, setMode] = useState<"radar" | "bars">("radar");
  const mode = fixedMode ?? chosen;
  const hasData = r.criteria.some((c) => c.mean !== null);
  const config = useMemo(() => criteriaConfig(r, mode, locale), [r, mode, locale]);
  const parent = r.parent;
  const rows = r.criteriaTexts.map((c) => ({
    id: c.id,
    title: localize(c.title, locale) || c.id,
    stat: r.criteria.find((s) => s.id === c.id),
    parent: parent?.criteria.find((s) => s.id === c.id)?.mean ?? null,
  }));
  const levels = levelsBestFirst(r.levelsTexts);
  const distribution = (counts: Record<string, number> | undefined) =>
    levels
      .map((l) => ({ label: localize(l.label, locale), n: counts?.[localize(l.label, "vi")] ?? 0 }))
      .filter((l) => l.n > 0)
      .map((l) => `${l.label} ${l.n}`)
      .join(" · ");
  const height = mode === "radar" ? 360 : Math.max(200, r.criteriaTexts.length * (parent ? 58 : 42) + 70);

  const toggle = !fixedMode && hasData && (
    <fieldset className="segmented no-print">
      <legend className="sr-only">{tr.chartKind}</legend>
      {(["radar", "bars"] as const).map((m) => (
        <button
          key={m}
          type="button"
          aria-pressed={mode === m}
          onClick={() => setMode(m)}
          data-testid={`criteria-${m}`}
        >
          {tr[m]}
        </button>
      ))}
    </fieldset>
  );

  return (
    <Card title={tr.criteriaTitle} aside={toggle}>
      {!hasData ? (
        <NoChart text={whyEmpty(r, tr)} />
      ) : (
        <>
          {parent && <p className="muted small-text">{tr.parentNote(parent.name)}</p>}
          <ChartBox
            name={mode === "radar" ? "criteria-radar" : "criteria-bars"}
            testId="criteria-chart"
            config={config}
            height={height}
            still={still}
            label={`${tr.criteriaTitle}: ${rows.map((x) => `${x.title} ${fmt(x.stat?.mean, locale)}`).join("; ")}`}
          />
          <div className="table-wrap">
            <table className="table compact">
              <thead>
                <tr>
                  <th scope="col">{tr.criterion}</th>
                  <th scope="col" className="right">
                    {tr.n}
                  </th>
                  <th scope="col" className="right">
                    {tr.mean}
                  </th>
                  <th scope="col" className="right">
                    {tr.sd}
                  </th>
                  <th scope="col">{tr.level}</th>
                  {parent && (
                    <th scope="col" className="right">
                      {parent.name}
                    </th>
                  )}
                  {showLevels && <th scope="col">{tr.levels}</th>}
                </tr>
              </thead>
              <tbody>
                {rows.map((x) => (
                  <tr key={x.id}>
                    <th scope="row" className="criterion-cell">
                      <span className="crit-id">{x.id}</span> {x.title}
                    </th>
                    <td className="right">{fmt(x.stat?.n, locale, 0)}</td>
                    <td className="right strong">{fmt(x.stat?.mean, locale)}</td>
                    <td className="right">{fmt(x.stat?.sd, locale)}</td>
                    <td>{localize(levelOf(x.stat?.mean, r.levelsTexts)?.label, locale)}</td>
                    {parent && <td className="right">{fmt(x.parent, locale)}</td>}
                    {showLevels && <td className="small-text">{distribution(x.stat?.levels)}</td>}
                  </tr>
                ))}
                {r.total && (
                  <tr className="total-row">
                    <th scope="row">{tr.total}</th>
                    <td className="right">{fmt(r.total.n, locale, 0)}</td>
                    <td className="right strong">{fmt(r.total.mean, locale)}</td>
                    <td className="right">{fmt(r.total.sd, locale)}</td>
                    <td>{localize(levelOf(r.total.mean, r.levelsTexts)?.label, locale)}</td>
                    {parent && <td className="right">{fmt(parent.total, locale)}</td>}
                    {showLevels && <td className="small-text">{distribution(r.total.levels)}</td>}
                  </tr>
                )}
              </tbody>
            </table>
          </div>
        </>
      )}
    </Card>
  );
}

function criteriaConfig(r: ResultsBody, mode: "radar" | "bars", locale: "vi" | "en"): AnyConfig {
  const ids = r.criteriaTexts.map((c) => c.id);
  const titles = r.criteriaTexts.map((c) => localize(c.title, locale) || c.id);
  const unitData = ids.map((id) => r.criteria.find((c) => c.id === id)?.mean ?? null);
  const parent = r.parent;
  const parentData = parent ? ids.map((id) => parent.criteria.find((c) => c.id === id)?.mean ?? null) : null;
  const tooltip = {
    callbacks: {
      title: (items: TooltipItem<"bar" | "radar">[]) => titles[items[0]?.dataIndex ?? 0] ?? "",
      label: (item: TooltipItem<"bar" | "radar">) =>
        `${item.dataset.label}: ${fmt(item.raw as number, locale)}`,
    },
  };
  if (mode === "radar")
    return {
      type: "radar",
      data: {
        labels: titles.map((t, i) => wrap(`${ids[i]}. ${t}`, 24, 3)),
        datasets: [
          {
            label: r.unit.name,
            data: unitData,
            borderColor: COLOURS.unit,
            backgroundColor: COLOURS.unitFill,
            pointBackgroundColor: COLOURS.unit,
            borderWidth: 2,
            pointRadius: 4,
            fill: true,
          },
          ...(parent && parentData
            ? [
                {
                  label: parent.name,
                  data: parentData,
                  borderColor: COLOURS.parent,
                  backgroundColor: COLOURS.parentFill,
                  pointBackgroundColor: COLOURS.parent,
                  pointStyle: "rectRot" as const,
                  borderDash: [6, 4],
                  borderWidth: 2,
                  pointRadius: 4,
                  fill: true,
                },
              ]
            : []),
        ],
      },
      options: {
        scales: {
          r: {
            min: 0,
            max: 100,
            ticks: { stepSize: 20, backdropColor: "rgba(255,255,255,0.8)", color: "#4a4a4a", z: 1 },
            pointLabels: { font: { size: 12 }, color: "#161616" },
            grid: { color: "#d6d6d6" },
            angleLines: { color: "#d6d6d6" },
          },
        },
        plugins: { legend: { position: "bottom" }, tooltip },
      },
    };
  return {
    type: "bar",
    data: {
      labels: titles.map((t, i) => wrap(`${ids[i]}. ${t}`, 30, 2)),
      datasets: [
        {
          label: r.unit.name,
          data: unitData,
          backgroundColor: COLOURS.unit,
          borderRadius: 3,
          maxBarThickness: 26,
        },
        ...(parent && parentData
          ? [
              {
                label: parent.name,
                data: parentData,
                backgroundColor: COLOURS.parent,
                borderRadius: 3,
                maxBarThickness: 26,
              },
            ]
          : []),
      ],
    },
    options: {
      indexAxis: "y",
      layout: { padding: { top: 16, right: 40 } },
      scales: { x: { min: 0, max: 100, ticks: { stepSize: 20 } }, y: { grid: { display: false } } },
      plugins: { legend: { position: "bottom" }, tooltip },
    },
    plugins: [
      valueLabels((v) => fmt(v, locale)),
      levelLines(r.levelsTexts.map((l) => ({ min: l.min, label: localize(l.label, locale) }))),
    ],
  };
}

// ——— Children: heat table and completion ———

function reasonOf(r: ResultsBody, child: ChildResult): WithheldReason {
  const entry = r.withheld.find((w) => w.group === "child" && w.unit === child.code);
  return entry?.reason ?? (child.n < r.threshold ? "below_threshold" : "complement");
}

/** Shown children by total score (best first), then the withheld ones, then those without responses. */
function ranked(children: ChildResult[]): ChildResult[] {
  const group = (c: ChildResult) => (c.total !== null ? 0 : c.withheld ? 1 : 2);
  return [...children].sort(
    (a, b) => group(a) - group(b) || (b.total ?? 0) - (a.total ?? 0) || a.name.localeCompare(b.name, "vi"),
  );
}

export function RankingSection({
  r,
  hrefFor,
}: SectionProps & {
  /** Where a child's name links to (the drill-down); no links when absent. */
  hrefFor?: (code: string) => string;
}) {
  const { tr, locale, t } = useWords();
  const ids = r.criteriaTexts.map((c) => c.id);
  const rows = ranked(r.children);
  const legend = heatLegend();
  let rank = 0;
  const cell = (mean: number | null | undefined, title: string) =>
    mean === null || mean === undefined ? (
      <td className="heat empty">—</td>
    ) : (
      <td
        className="heat"
        style={{ background: heatColour(mean) }}
        title={`${title}: ${fmt(mean, locale)} — ${localize(levelOf(mean, r.levelsTexts)?.label, locale)}`}
      >
        {fmt(mean, locale)}
      </td>
    );
  return (
    <Card title={tr.rankingTitle} wide>
      {hrefFor && <p className="muted small-text no-print">{tr.rankingHint}</p>}
      <div className="table-wrap">
        <table className="table heat-table" data-testid="ranking">
          <thead>
            <tr>
              <th scope="col" className="right">
                {tr.rank}
              </th>
              <th scope="col">{tr.name}</th>
              <th scope="col" className="right">
                {tr.n}
              </th>
              <th scope="col">{tr.completion}</th>
              <th scope="col" className="right">
                {tr.total}
              </th>
              {ids.map((id) => (
                <th
                  key={id}
                  scope="col"
                  className="right"
                  title={criterionTitle(r, id, locale, tr.total)}
                  aria-label={criterionTitle(r, id, locale, tr.total)}
                >
                  {id}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((c) => {
              const shown = c.total !== null;
              if (shown) rank++;
              const behind = c.completion !== null && c.completion < 0.5;
              return (
                <tr key={c.code} data-unit={c.code} data-withheld={c.withheld || undefined}>
                  <td className="right">{shown ? rank : ""}</td>
                  <th scope="row" className="unit-cell">
                    {hrefFor ? <Link href={hrefFor(c.code)}>{c.name}</Link> : c.name}
                    <span className="unit-kind">{t.unitKinds[c.kind] ?? c.kind}</span>
                  </th>
                  <td className="right">
                    {fmt(c.n, locale, 0)}
                    {c.expected !== null && <span className="muted">/{fmt(c.expected, locale, 0)}</span>}
                  </td>
                  <td className={behind ? "completion behind" : "completion"}>
                    {c.completion !== null ? (
                      <>
                        <span className="meter" aria-hidden="true">
                          <span style={{ width: `${Math.min(100, c.completion * 100)}%` }} />
                        </span>
                        {pct(c.completion, locale)}
                      </>
                    ) : (
                      "—"
                    )}
                  </td>
                  {shown ? (
                    <>
                      {cell(c.total, tr.total)}
                      {ids.map((id) => (
                        <Fragment key={id}>
                          {cell(
                            c.criteria.find((x) => x.id === id)?.mean,
                            criterionTitle(r, id, locale, tr.total),
                          )}
                        </Fragment>
                      ))}
                    </>
                  ) : (
                    <td colSpan={1 + ids.length} className="hidden-cell">
                      {!c.withheld
                        ? tr.noResponses
                        : reasonOf(r, c) === "complement"
                          ? tr.hiddenComplement
                          : tr.hiddenBelow(r.threshold)}
                    </td>
                  )}
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <div className="heat-legend">
        <span>{tr.scale}:</span>
        <span className="heat-bar" style={{ background: legend.gradient }} aria-hidden="true">
          {legend.stops.map((s, i) => (
            <span key={s} className="tick" style={{ left: `${(i / (legend.stops.length - 1)) * 100}%` }}>
              {s}
            </span>
          ))}
        </span>
      </div>
      <dl className="crit-legend small-text">
        {r.criteriaTexts.map((c) => (
          <div key={c.id}>
            <dt>{c.id}</dt>
            <dd>{localize(c.title, locale)}</dd>
          </div>
        ))}
      </dl>
    </Card>
  );
}

export function CompletionSection({ r, still }: SectionProps) {
  const { tr, locale } = useWords();
  const withRate = r.children.some((c) => c.completion !== null);
  const rows = useMemo(
    () =>
      [...r.children].sort((a, b) =>
        withRate
          ? (a.completion ?? 0) - (b.completion ?? 0)
          : a.n - b.n || a.name.localeCompare(b.name, "vi"),
      ),
    [r.children, withRate],
  );
  const behind = rows.filter((c) => c.completion !== null && c.completion < 0.5);
  const config = useMemo<AnyConfig>(() => {
    const values = rows.map((c) => (withRate ? Math.round((c.completion ?? 0) * 1000) / 10 : c.n));
    const max = withRate ? Math.max(100, Math.ceil(Math.max(...values) / 10) * 10) : undefined;
    return {
      type: "bar",
      data: {
        labels: rows.map((c) => wrap(c.name, 30, 2)),
        datasets: [
          {
            label: withRate ? tr.completion : tr.n,
            data: values,
            backgroundColor: rows.map((c) =>
              c.completion !== null && c.completion < 0.5 ? COLOURS.behind : COLOURS.onTrack,
            ),
            borderRadius: 3,
            maxBarThickness: 22,
          },
        ],
      },
      options: {
        indexAxis: "y",
        layout: { padding: { top: 16, right: 44 } },
        scales: {
          x: {
            min: 0,
            ...(max ? { max } : {}),
            ticks: { callback: (v) => (withRate ? `${v}%` : String(v)) },
          },
          y: { grid: { display: false } },
        },
        plugins: {
          legend: { display: false },
          tooltip: {
            callbacks: {
              label: (item) => {
                const c = rows[item.dataIndex];
                if (!c) return "";
                return `${fmt(c.n, locale, 0)}${c.expected !== null ? `/${fmt(c.expected, locale, 0)}` : ""} · ${pct(c.completion, locale)}`;
              },
            },
          },
        },
      },
      plugins: [
        valueLabels((v) => (withRate ? `${fmt(v, locale, 0)}%` : fmt(v, locale, 0))),
        ...(withRate ? [markLine(50, "50%")] : []),
      ],
    };
  }, [rows, withRate, locale, tr]);

  return (
    <Card title={tr.completionTitle} testId="completion">
      <p className="muted small-text">{withRate ? tr.completionHint : tr.completionCounts}</p>
      <ChartBox
        name="completion"
        config={config}
        height={Math.max(140, rows.length * 36 + 50)}
        still={still}
        label={`${tr.completionTitle}: ${rows.map((c) => `${c.name} ${withRate ? pct(c.completion, locale) : c.n}`).join("; ")}`}
      />
      {withRate && (
        <p className={behind.length > 0 ? "behind-list" : "muted"} data-testid="behind">
          {behind.length > 0 ? tr.behind(behind.map((c) => c.name).join(", ")) : tr.allOnTrack}
        </p>
      )}
    </Card>
  );
}

// ——— Answers per question ———

export function LikertSection({ r, form, still }: SectionProps & { form: FormJson | null }) {
  const { tr, locale } = useWords();
  const groups = useMemo(
    () => likertGroups(form, r.questions, locale, { yes: tr.yes, no: tr.no }),
    [form, r.questions, locale, tr],
  );
  return (
    <Card title={tr.likertTitle} testId="likert" wide>
      {groups.length === 0 ? (
        <NoChart text={whyEmpty(r, tr)} />
      ) : (
        <>
          <p className="muted small-text no-print">{tr.likertHint}</p>
          {groups.map((g, i) => (
            <LikertChart
              key={g.key}
              group={g}
              still={still}
              continued={i > 0 && groups[i - 1]?.title === g.title}
            />
          ))}
        </>
      )}
    </Card>
  );
}

function LikertChart({
  group,
  still,
  continued,
}: {
  group: LikertGroup;
  still?: boolean;
  /** The previous chart had the same heading (a criterion whose questions use two answer scales). */
  continued?: boolean;
}) {
  const { tr, locale } = useWords();
  const config = useMemo<AnyConfig>(
    () => ({
      type: "bar",
      data: {
        labels: group.rows.map((row) => `${row.number ? `${row.number}. ` : ""}${row.title}`),
        datasets: group.scale.values.map((_, k) => ({
          label: group.scale.labels[k] ?? "",
          data: group.rows.map((row) => Math.round((row.percents[k] ?? 0) * 10) / 10),
          backgroundColor: group.scale.colours[k] ?? "#a8a8a8",
          borderColor: "#ffffff",
          borderWidth: { right: 1 },
          barPercentage: 0.85,
          categoryPercentage: 0.9,
        })),
      },
      options: {
        indexAxis: "y",
        scales: {
          x: { stacked: true, min: 0, max: 100, ticks: { callback: (v) => `${v}%` } },
          y: {
            stacked: true,
            grid: { display: false },
            ticks: {
              font: { size: 11.5 },
              // Cut to the label column's width (about 6 px a character), in at most two lines.
              callback(_value, index) {
                return wrap(
                  String(this.getLabels()[index] ?? ""),
                  Math.floor(labelColumn(this.chart.width) / 6.2),
                  2,
                );
              },
            },
            // The same label column in every group, so that the bars line up from one chart to the next.
            afterFit: (scale) => {
              scale.width = labelColumn(scale.chart.width);
            },
          },
        },
        plugins: {
          legend: { position: "top", labels: { boxWidth: 14 } },
          tooltip: {
            callbacks: {
              title: (items) => {
                const row = group.rows[items[0]?.dataIndex ?? 0];
                return row ? wrap(`${row.number ? `${row.number}. ` : ""}${row.title}`, 60, 6) : "";
              },
              label: (item) => {
                const row = group.rows[item.dataIndex];
                const count = row?.counts[item.datasetIndex] ?? 0;
                return `${item.dataset.label}: ${fmt(count, locale, 0)} (${fmt(item.raw as number, locale, 0)}%)`;
              },
            },
          },
        },
      },
      plugins: [segmentLabels()],
    }),
    [group, locale],
  );
  const title = group.title ?? tr.otherQuestions;
  return (
    <div className="likert-group">
      {!continued && <h3>{title}</h3>}
      <ChartBox
        name="likert"
        config={config}
        height={group.rows.length * 40 + 70}
        still={still}
        label={`${tr.likertTitle} — ${title}`}
      />
    </div>
  );
}

/** The width of the question labels of the answer charts, for a chart `width` pixels wide. */
function labelColumn(width: number): number {
  return Math.min(340, Math.max(150, width * 0.38));
}

/** The answers per question as a table with the questions in full (the print report). */
export function LikertTables({ r, form }: SectionProps & { form: FormJson | null }) {
  const { tr, locale } = useWords();
  const groups = useMemo(
    () => likertGroups(form, r.questions, locale, { yes: tr.yes, no: tr.no }),
    [form, r.questions, locale, tr],
  );
  if (groups.length === 0) return <NoChart text={whyEmpty(r, tr)} />;
  return (
    <div data-testid="likert">
      {groups.map((g, i) => (
        <div key={g.key} className="likert-group">
          {(i === 0 || groups[i - 1]?.title !== g.title) && <h3>{g.title ?? tr.otherQuestions}</h3>}
          {g.scale.labels.some((l, k) => l !== g.scale.short[k]) && (
            <p className="small-text scale-legend">
              {g.scale.labels.map((l, k) => (
                <span key={g.scale.values[k]}>
                  <span className="swatch" style={{ background: g.scale.colours[k] }} aria-hidden="true" />
                  {l}
                </span>
              ))}
            </p>
          )}
          <table className="table compact likert-table">
            <thead>
              <tr>
                <th scope="col">{tr.question}</th>
                {g.scale.short.map((l, k) => (
                  <th
                    key={g.scale.values[k]}
                    scope="col"
                    className="right value-col"
                    title={g.scale.labels[k]}
                  >
                    <span className="swatch" style={{ background: g.scale.colours[k] }} aria-hidden="true" />
                    {l}
                  </th>
                ))}
                <th scope="col" className="right">
                  {tr.answers}
                </th>
              </tr>
            </thead>
            <tbody>
              {g.rows.map((row) => (
                <tr key={row.name}>
                  <th scope="row" className="question-cell">
                    {row.number && <span className="crit-id">{row.number}.</span>} {row.title}
                    <span className="stack" aria-hidden="true">
                      {row.percents.map((p, k) => (
                        <span
                          // biome-ignore lint/suspicious/noArrayIndexKey: the scale's positions are fixed
                          key={k}
                          className="seg"
                          style={{ width: `${p}%`, background: g.scale.colours[k] }}
                        />
                      ))}
                    </span>
                  </th>
                  {row.percents.map((p, k) => (
                    // biome-ignore lint/suspicious/noArrayIndexKey: the scale's positions are fixed
                    <td key={k} className="right">
                      {row.counts[k] ? `${fmt(p, locale, 0)}%` : "·"}
                    </td>
                  ))}
                  <td className="right">{fmt(row.total, locale, 0)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ))}
    </div>
  );
}

// ——— Trend, gap, change ———

export function TrendSection({ r, still }: SectionProps) {
  const { tr, locale } = useWords();
  const points = r.trend;
  const shown = points.filter((p) => p.mean !== null);
  const hidden = points.filter((p) => p.mean === null && p.n > 0);
  const config = useMemo<AnyConfig>(
    () => ({
      type: "line",
      data: {
        labels: points.map((p) => wrap(p.period, 16, 2)),
        datasets: [
          {
            label: r.unit.name,
            data: points.map((p) => p.mean),
            borderColor: COLOURS.unit,
            backgroundColor: COLOURS.unit,
            pointRadius: points.map((p) => (p.campaignId === r.campaign.id ? 7 : 4)),
            pointHoverRadius: 8,
            borderWidth: 2,
            spanGaps: false,
            tension: 0,
          },
        ],
      },
      options: {
        layout: { padding: { top: 20, left: 8, right: 16 } },
        scales: {
          y: { min: 0, max: 100, ticks: { stepSize: 20 } },
          x: { offset: true, grid: { display: false } },
        },
        plugins: {
          legend: { display: false },
          tooltip: {
            callbacks: {
              title: (items) => points[items[0]?.dataIndex ?? 0]?.period ?? "",
              label: (item) => {
                const p = points[item.dataIndex];
                return `${tr.total}: ${fmt(p?.mean, locale)} (${tr.n.toLowerCase()}: ${fmt(p?.n, locale, 0)})`;
              },
            },
          },
        },
      },
      plugins: [valueLabels<"line">((v) => fmt(v, locale))],
    }),
    [points, r.campaign.id, r.unit.name, locale, tr],
  );
  return (
    <Card title={tr.trendTitle} testId="trend">
      {shown.length === 0 ? (
        <NoChart text={r.totals.responses === 0 || r.totals.withheld ? whyEmpty(r, tr) : tr.trendNone} />
      ) : (
        <>
          <ChartBox
            name="trend"
            config={config}
            height={260}
            still={still}
            label={`${tr.trendTitle}: ${shown.map((p) => `${p.period} ${fmt(p.mean, locale)}`).join("; ")}`}
          />
          {shown.length === 1 && <p className="muted small-text">{tr.trendOne}</p>}
          {hidden.length > 0 && (
            <p className="muted small-text">
              {tr.trendWithheld(r.threshold, hidden.map((p) => p.period).join(", "))}
            </p>
          )}
        </>
      )}
    </Card>
  );
}

export function GapSection({ r, still, hideWhenNone }: SectionProps & { hideWhenNone?: boolean }) {
  const { tr, t, locale } = useWords();
  const gap = r.gap;
  const config = useMemo<AnyConfig | null>(() => {
    if (!gap) return null;
    const labels = gap.criteria.map((c) =>
      wrap(`${c.id}. ${criterionTitle(r, c.id, locale, tr.total)}`, 30, 2),
    );
    return {
      type: "bar",
      data: {
        labels,
        datasets: [
          {
            label: t.kinds[r.campaign.kind],
            data: gap.criteria.map((c) => c.mean),
            backgroundColor: kindColour(r.campaign.kind),
            borderRadius: 3,
            maxBarThickness: 24,
          },
          {
            label: t.kinds[gap.kind],
            data: gap.criteria.map((c) => c.otherMean),
            backgroundColor: kindColour(gap.kind),
            borderRadius: 3,
            maxBarThickness: 24,
          },
        ],
      },
      options: {
        indexAxis: "y",
        layout: { padding: { right: 40 } },
        scales: { x: { min: 0, max: 100, ticks: { stepSize: 20 } }, y: { grid: { display: false } } },
        plugins: {
          legend: { position: "bottom" },
          tooltip: {
            callbacks: {
              label: (item) => `${item.dataset.label}: ${fmt(item.raw as number, locale)}`,
              afterBody: (items) => {
                const c = gap.criteria[items[0]?.dataIndex ?? 0];
                return c ? `${tr.gapDiff}: ${signed(c.gap, locale)}` : "";
              },
            },
          },
        },
      },
      plugins: [valueLabels((v) => fmt(v, locale))],
    };
  }, [gap, r, locale, t, tr]);
  const hidden = r.withheld.some((w) => w.group === "gap");
  if (!gap && !hidden && hideWhenNone) return null;
  return (
    <Card title={tr.gapTitle} testId="gap">
      {!gap || !config ? (
        <NoChart
          text={
            hidden
              ? tr.withheldGap(r.threshold)
              : r.totals.responses === 0 || r.totals.withheld
                ? whyEmpty(r, tr)
                : tr.gapNone
          }
        />
      ) : (
        <>
          <p className="muted small-text">{tr.gapHint}</p>
          <ChartBox
            name="gap"
            config={config}
            height={Math.max(200, gap.criteria.length * 58 + 70)}
            still={still}
            label={`${tr.gapTitle}: ${gap.criteria.map((c) => `${c.id} ${fmt(c.mean, locale)} / ${fmt(c.otherMean, locale)}`).join("; ")}`}
          />
          <table className="table compact">
            <thead>
              <tr>
                <th scope="col">{tr.criterion}</th>
                <th scope="col" className="right">
                  {t.kinds[r.campaign.kind]}
                </th>
                <th scope="col" className="right">
                  {t.kinds[gap.kind]}
                </th>
                <th scope="col" className="right">
                  {tr.gapDiff}
                </th>
              </tr>
            </thead>
            <tbody>
              {gap.criteria.map((c) => (
                <tr key={c.id}>
                  <th scope="row" className="criterion-cell">
                    <span className="crit-id">{c.id}</span> {criterionTitle(r, c.id, locale, tr.total)}
                  </th>
                  <td className="right">{fmt(c.mean, locale)}</td>
                  <td className="right">{fmt(c.otherMean, locale)}</td>
                  <td className={`right strong ${Math.abs(c.gap) >= 10 ? "big-gap" : ""}`}>
                    {signed(c.gap, locale)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </Card>
  );
}

export function ChangeSection({ r, still, canCompare }: SectionProps & { canCompare: boolean }) {
  const { tr, locale } = useWords();
  const change = r.change;
  const rows = useMemo(
    () => (change ? [...change.criteria].sort((a, b) => (a.id === TOTAL ? -1 : b.id === TOTAL ? 1 : 0)) : []),
    [change],
  );
  const config = useMemo<AnyConfig | null>(() => {
    if (!change) return null;
    // Symmetric around 0, with room for the labels at the bars' ends.
    const top = Math.max(5, Math.ceil((Math.max(...rows.map((c) => Math.abs(c.change))) + 2) / 5) * 5);
    return {
      type: "bar",
      data: {
        labels: rows.map((c) =>
          wrap(c.id === TOTAL ? tr.total : `${c.id}. ${criterionTitle(r, c.id, locale, tr.total)}`, 30, 2),
        ),
        datasets: [
          {
            label: tr.change,
            data: rows.map((c) => Math.round(c.change * 100) / 100),
            backgroundColor: rows.map((c) => (c.change >= 0 ? COLOURS.up : COLOURS.down)),
            borderRadius: 3,
            maxBarThickness: 24,
          },
        ],
      },
      options: {
        indexAxis: "y",
        layout: { padding: { left: 8, right: 8 } },
        scales: {
          x: {
            min: -top,
            max: top,
            ticks: { stepSize: top / 2, callback: (v) => signed(Number(v), locale) },
            grid: { color: (c) => (c.tick.value === 0 ? "#6b6b6b" : "#e3e3e3") },
          },
          y: { grid: { display: false } },
        },
        plugins: {
          legend: { display: false },
          tooltip: {
            callbacks: {
              label: (item) => {
                const c = rows[item.dataIndex];
                return c
                  ? `${fmt(c.previous, locale)} → ${fmt(c.mean, locale)} (${signed(c.change, locale)})`
                  : "";
              },
            },
          },
        },
      },
      plugins: [valueLabels((v) => signed(v, locale))],
    };
  }, [change, rows, r, locale, tr]);
  const hidden = r.withheld.some((w) => w.group === "change");
  if (!change && !hidden && !canCompare) return null;
  return (
    <Card title={tr.changeTitle} testId="change">
      {!change || !config ? (
        <NoChart text={hidden ? tr.withheldChange(r.threshold) : tr.changePick} />
      ) : (
        <>
          <p className="muted small-text">{tr.changeVs(change.period)}</p>
          <ChartBox
            name="change"
            config={config}
            height={Math.max(160, rows.length * 44 + 50)}
            still={still}
            label={`${tr.changeTitle}: ${rows.map((c) => `${c.id === TOTAL ? tr.total : c.id} ${signed(c.change, locale)}`).join("; ")}`}
          />
          <table className="table compact">
            <thead>
              <tr>
                <th scope="col">{tr.criterion}</th>
                <th scope="col" className="right">
                  {change.period}
                </th>
                <th scope="col" className="right">
                  {r.campaign.period}
                </th>
                <th scope="col" className="right">
                  {tr.change}
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((c) => (
                <tr key={c.id} className={c.id === TOTAL ? "total-row" : undefined}>
                  <th scope="row" className="criterion-cell">
                    {c.id !== TOTAL && <span className="crit-id">{c.id}</span>}{" "}
                    {criterionTitle(r, c.id, locale, tr.total)}
                  </th>
                  <td className="right">{fmt(c.previous, locale)}</td>
                  <td className="right">{fmt(c.mean, locale)}</td>
                  <td className={`right strong ${c.change >= 0 ? "up" : "down"}`}>
                    {signed(c.change, locale)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </Card>
  );
}

// ——— Quotes and notes ———

export function QuotesSection({ r, form }: SectionProps & { form: FormJson | null }) {
  const { tr, locale } = useWords();
  const byQuestion = useMemo(() => {
    const titles = new Map(
      (form ? listElements(form) : []).filter((el) => el.name).map((el) => [el.name as string, el.title]),
    );
    const names = [...new Set(r.texts.map((x) => x.question))];
    return names.map((q) => ({
      question: q,
      title: localize(titles.get(q), locale) || q,
      quotes: groupQuotes(r.texts.filter((x) => x.question === q)),
    }));
  }, [r.texts, form, locale]);
  if (r.texts.length === 0) return null;
  return (
    <Card title={tr.quotesTitle} testId="quotes" wide>
      <p className="muted small-text">{tr.quotesHint}</p>
      {byQuestion.map((q) => (
        <div key={q.question} className="quotes">
          {byQuestion.length > 1 && <h3>{q.title}</h3>}
          <ul>
            {q.quotes.map((x) => (
              <li key={x.text}>
                <blockquote>{x.text}</blockquote>
                {x.n > 1 && <span className="quote-count">{tr.times(x.n)}</span>}
              </li>
            ))}
          </ul>
        </div>
      ))}
    </Card>
  );
}

export function WithheldNote({ r }: SectionProps) {
  const { tr, units } = useWords();
  const notes: string[] = [];
  const name = (code?: string) => units?.find((u) => u.code === code)?.name ?? code ?? "";
  for (const w of r.withheld) {
    // A unit without any response is "empty", said elsewhere, rather than withheld.
    if (w.group === "unit" && r.totals.responses > 0)
      notes.push(
        w.reason === "complement"
          ? tr.withheldUnitComplement
          : tr.withheldUnit(r.totals.responses, r.threshold),
      );
    if (w.group === "parent") notes.push(tr.withheldParent(name(w.unit)));
    if (w.group === "gap") notes.push(tr.withheldGap(r.threshold));
    if (w.group === "change") notes.push(tr.withheldChange(r.threshold));
  }
  const children = r.withheld.filter((w) => w.group === "child").length;
  if (children > 0) notes.push(tr.withheldChildren(children, r.threshold));
  if (notes.length === 0) return null;
  return (
    <aside className="withheld-note" data-testid="withheld-note" aria-label={tr.withheldTitle}>
      <p className="withheld-title">{tr.withheldTitle}</p>
      <ul>
        {[...new Set(notes)].map((n) => (
          <li key={n}>{n}</li>
        ))}
      </ul>
    </aside>
  );
}
