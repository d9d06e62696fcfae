import { formatDate, formatDuration } from '../format.ts';
import type { RunRow } from './history.ts';

export interface PlotPoint {
  x: number;
  y: number;
  outcome: RunRow['outcome'];
  /** Recovered runs sit on the time axis; the rest in the "not back" band at the top. */
  recovered: boolean;
  anchor: string;
  label: string;
}

export interface HistoryPlot {
  width: number;
  height: number;
  points: PlotPoint[];
  /** The drill's recovery timeout as a horizontal line, when it fits the scale. */
  limit: { y: number; label: string } | null;
  yTicks: { y: number; label: string }[];
  xTicks: { x: number; label: string }[];
  /** Top band for runs that never recovered. */
  band: { y: number; label: string };
  /** Left and right edges of the plotting area. */
  left: number;
  right: number;
  bottom: number;
}

const M = { left: 64, right: 16, top: 12, bottom: 28 };

/**
 * Geometry of the history plot (time → x, time to recover → y), computed here so the component
 * only draws, and so the scale is testable. Oldest run on the left.
 */
export function historyPlot(rows: readonly RunRow[], timeoutMs: number, size = { width: 640, height: 200 }): HistoryPlot {
  const { width, height } = size;
  const left = M.left;
  const right = width - M.right;
  const bottom = height - M.bottom;
  const bandY = M.top + 8;
  const top = M.top + 32;
  const runs = [...rows].sort((a, b) => a.startedAt.getTime() - b.startedAt.getTime());
  const times = runs.map((r) => r.startedAt.getTime());
  const t0 = Math.min(...times);
  const t1 = Math.max(...times);
  const x = (t: number) => (t1 === t0 ? (left + right) / 2 : left + 12 + ((t - t0) / (t1 - t0)) * (right - left - 24));
  const worst = Math.max(0, ...runs.map((r) => r.recoveryMs ?? 0));
  const yMax = Math.max(worst, timeoutMs > 0 && timeoutMs < worst * 10 ? timeoutMs : 0, 1000);
  const y = (ms: number) => bottom - (ms / yMax) * (bottom - top);
  const points = runs.map((r) => {
    const recovered = r.recoveryMs !== null;
    const when = formatDate(r.startedAt);
    const label = recovered ? `${when}: ${r.outcome}, back in ${formatDuration(r.recoveryMs!)}` : `${when}: ${r.outcome}, did not recover`;
    return { x: round(x(r.startedAt.getTime())), y: round(recovered ? y(r.recoveryMs!) : bandY), outcome: r.outcome, recovered, anchor: r.anchor, label };
  });
  const limit = timeoutMs > 0 && timeoutMs <= yMax ? { y: round(y(timeoutMs)), label: `limit ${formatDuration(timeoutMs)}` } : null;
  const yTicks = [0, yMax / 2, yMax].map((v) => ({ y: round(y(v)), label: v === 0 ? '0' : formatDuration(Math.round(v / 1000) * 1000) }));
  const xTicks = runs.length ? [...new Set([t0, t1])].map((t) => ({ x: round(x(t)), label: formatDate(new Date(t)) })) : [];
  return { width, height, points, limit, yTicks, xTicks, band: { y: bandY, label: 'not back' }, left, right, bottom };
}

const round = (n: number) => Math.round(n * 10) / 10;
