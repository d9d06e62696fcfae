export interface PlotPoint {
  date: string;
  /** 0..1, or null when there was nothing to cover. */
  score: number | null;
}

export interface Plot {
  width: number;
  height: number;
  /** SVG path data of the line (empty when fewer than one scored point). */
  path: string;
  dots: { x: number; y: number; label: string }[];
}

/**
 * The coverage trend as SVG coordinates: x evenly by commit (a lab pulled twice a day and then
 * not for a month reads better by change than by time), y 0 % at the bottom, 100 % at the top.
 */
export function coveragePlot(points: readonly PlotPoint[], width = 600, height = 160, pad = 24): Plot {
  const scored = points.map((p, i) => ({ ...p, i })).filter((p): p is PlotPoint & { i: number; score: number } => p.score !== null);
  const x = (i: number) => (points.length <= 1 ? width / 2 : pad + (i * (width - 2 * pad)) / (points.length - 1));
  const y = (s: number) => height - pad - s * (height - 2 * pad);
  const dots = scored.map((p) => ({ x: round(x(p.i)), y: round(y(p.score)), label: `${p.date.slice(0, 10)}: ${Math.round(p.score * 100)} %` }));
  return { width, height, path: dots.map((d, i) => `${i ? 'L' : 'M'}${d.x} ${d.y}`).join(' '), dots };
}

const round = (n: number) => Math.round(n * 10) / 10;
