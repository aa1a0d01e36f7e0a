// Score colours for the heat table: light tints (dark text stays readable, and they print), red below
// half marks through amber to green, continuous so that close scores look close.
const HEAT: [number, [number, number, number]][] = [
  [30, [242, 161, 154]],
  [50, [249, 210, 125]],
  [65, [227, 236, 154]],
  [80, [166, 219, 180]],
  [100, [108, 195, 145]],
];

export function heatColour(score: number): string {
  const s = Math.max(HEAT[0]?.[0] ?? 0, Math.min(100, score));
  for (let i = 1; i < HEAT.length; i++) {
    const [x1, c1] = HEAT[i] as [number, [number, number, number]];
    const [x0, c0] = HEAT[i - 1] as [number, [number, number, number]];
    if (s <= x1) {
      const t = (s - x0) / (x1 - x0);
      const c = c0.map((v, j) => Math.round(v + ((c1[j] as number) - v) * t));
      return `rgb(${c.join(" ")})`;
    }
  }
  return "rgb(108 195 145)";
}

/** The CSS gradient of the heat legend, with its stops. */
export function heatLegend(): { gradient: string; stops: number[] } {
  const span = 100 - (HEAT[0]?.[0] ?? 0);
  return {
    gradient: `linear-gradient(to right, ${HEAT.map(
      ([x, c]) => `rgb(${c.join(" ")}) ${(((x - (HEAT[0]?.[0] ?? 0)) / span) * 100).toFixed(0)}%`,
    ).join(", ")})`,
    stops: HEAT.map(([x]) => x),
  };
}

/** Colours of the charts: colour-blind-safe pairs, dark enough on white. */
export const COLOURS = {
  unit: "#0b6e5a",
  unitFill: "rgba(11, 110, 90, 0.18)",
  parent: "#c75b00",
  parentFill: "rgba(199, 91, 0, 0.08)",
  staff: "#1d4b8f",
  parentKind: "#c75b00",
  unitKind: "#0b6e5a",
  up: "#1a7f4b",
  down: "#b3261e",
  behind: "#b3261e",
  onTrack: "#0b6e5a",
  grid: "#e3e3e3",
  text: "#161616",
};

export function kindColour(kind: string): string {
  return kind === "staff" ? COLOURS.staff : kind === "parent" ? COLOURS.parentKind : COLOURS.unitKind;
}

// Diverging red → grey → blue (ColorBrewer RdBu), for ordered answers from worst to best.
const DIVERGING: [number, number, number][] = [
  [178, 24, 43],
  [239, 138, 98],
  [217, 217, 217],
  [103, 169, 207],
  [33, 102, 172],
];
export const CATEGORICAL = [
  "#1d4b8f",
  "#c75b00",
  "#0b6e5a",
  "#8e3b8e",
  "#7a6a00",
  "#b3261e",
  "#4a4a4a",
  "#2a8fbd",
];
export const UNSCORED = "#a8a8a8";

export function diverging(t: number): string {
  const x = Math.max(0, Math.min(1, t)) * (DIVERGING.length - 1);
  const i = Math.min(DIVERGING.length - 2, Math.floor(x));
  const f = x - i;
  const a = DIVERGING[i] as [number, number, number];
  const b = DIVERGING[i + 1] as [number, number, number];
  return `rgb(${a.map((v, j) => Math.round(v + ((b[j] as number) - v) * f)).join(" ")})`;
}

/** Black or white, whichever reads better on a background colour ("#rrggbb" or "rgb(r g b)"). */
export function inkOn(colour: string): string {
  let rgb: number[] = [];
  const hex = /^#([0-9a-f]{6})$/i.exec(colour);
  if (hex?.[1]) rgb = [0, 2, 4].map((i) => Number.parseInt(hex[1]?.slice(i, i + 2) ?? "0", 16));
  else rgb = (colour.match(/\d+(\.\d+)?/g) ?? []).slice(0, 3).map(Number);
  const [r, g, b] = rgb.map((v) => {
    const c = v / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  const luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b;
  return luminance > 0.36 ? "#161616" : "#ffffff";
}
