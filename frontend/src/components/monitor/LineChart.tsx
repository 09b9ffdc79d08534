// A small line chart drawn as inline SVG (no chart library): one series of
// (time, value) points, a y axis from 0 to max, start and end times below.

export interface ChartPoint {
  /** Milliseconds since the epoch. */
  t: number;
  v: number;
}

export interface LineChartProps {
  label: string;
  points: ChartPoint[];
  unit: string;
  /** Top of the y axis; default: the largest value (at least 1). */
  max?: number;
  /** Text when there are no points. */
  emptyText: string;
  formatTime: (ms: number) => string;
  testId?: string;
}

const W = 600;
const H = 140;
const PAD = { left: 44, right: 8, top: 10, bottom: 22 };

/** The y coordinate of value v on an axis from 0 to top. */
function yOf(v: number, top: number, height = H): number {
  const ph = height - PAD.top - PAD.bottom;
  const t = top > 0 ? top : 1;
  return PAD.top + ph - (Math.min(Math.max(v, 0), t) / t) * ph;
}

/** Maps points into the plot area; exported for tests. */
export function chartPath(points: ChartPoint[], max: number, width = W, height = H): string {
  if (points.length === 0) return '';
  const t0 = points[0].t;
  const span = Math.max(points[points.length - 1].t - t0, 1);
  const pw = width - PAD.left - PAD.right;
  return points
    .map((p, i) => {
      const x = points.length === 1 ? PAD.left + pw : PAD.left + ((p.t - t0) / span) * pw;
      const y = yOf(p.v, max, height);
      return `${i === 0 ? 'M' : 'L'}${x.toFixed(1)},${y.toFixed(1)}`;
    })
    .join(' ');
}

function fmt(v: number): string {
  return v >= 100 ? v.toFixed(0) : v.toFixed(1);
}

export function LineChart({ label, points, unit, max, emptyText, formatTime, testId }: LineChartProps) {
  const top = max ?? Math.max(1, ...points.map((p) => p.v));
  const last = points.length ? points[points.length - 1].v : undefined;
  const summary = last === undefined ? `${label}: ${emptyText}` : `${label}: ${fmt(last)}${unit}`;
  const plotBottom = H - PAD.bottom;
  return (
    <figure className="chart" data-testid={testId}>
      <figcaption className="chart-title">
        {label}
        {last !== undefined && <span className="chart-last">{`${fmt(last)}${unit}`}</span>}
      </figcaption>
      {points.length === 0 ? (
        <p className="hint">{emptyText}</p>
      ) : (
        <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={summary} className="chart-svg" preserveAspectRatio="none">
          {[0, 0.5, 1].map((f) => {
            const y = PAD.top + (plotBottom - PAD.top) * (1 - f);
            return (
              <g key={f}>
                <line x1={PAD.left} x2={W - PAD.right} y1={y} y2={y} className="chart-grid" />
                <text x={PAD.left - 4} y={y + 4} textAnchor="end" className="chart-axis">
                  {fmt(top * f)}
                </text>
              </g>
            );
          })}
          <path d={chartPath(points, top)} className="chart-line" fill="none" />
          {/* The newest point as a dot, so a single sample shows too. */}
          <circle cx={W - PAD.right} cy={yOf(points[points.length - 1].v, top)} r={3} className="chart-dot" />
          <text x={PAD.left} y={H - 4} className="chart-axis">
            {formatTime(points[0].t)}
          </text>
          <text x={W - PAD.right} y={H - 4} textAnchor="end" className="chart-axis">
            {formatTime(points[points.length - 1].t)}
          </text>
        </svg>
      )}
    </figure>
  );
}
