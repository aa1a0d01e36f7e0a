import { create } from "qrcode";
import { useMemo } from "react";

const QUIET = 4;

/**
 * A QR code as one SVG path (crisp at any print size, no canvas, no inline HTML). Medium error
 * correction survives a folded or slightly smudged paper.
 */
export function Qr({ value, label, className }: { value: string; label: string; className?: string }) {
  const { size, path } = useMemo(() => {
    const qr = create(value, { errorCorrectionLevel: "M" });
    const n = qr.modules.size;
    let d = "";
    for (let y = 0; y < n; y++) {
      let x = 0;
      while (x < n) {
        if (!qr.modules.get(y, x)) {
          x++;
          continue;
        }
        const start = x;
        while (x < n && qr.modules.get(y, x)) x++;
        d += `M${start + QUIET} ${y + QUIET}h${x - start}v1h${start - x}z`;
      }
    }
    return { size: n + 2 * QUIET, path: d };
  }, [value]);
  return (
    <svg
      className={className ? `qr ${className}` : "qr"}
      viewBox={`0 0 ${size} ${size}`}
      shapeRendering="crispEdges"
      role="img"
      aria-label={label}
    >
      <rect width={size} height={size} fill="#fff" />
      <path d={path} fill="#000" />
    </svg>
  );
}
