import { useId } from 'react';

/** Colours with at least 4.5:1 contrast on white (WCAG 1.4.11 asks 3:1 of graphics). */
export const SERIES_COLOURS = [
  '#0b5394',
  '#b45309',
  '#047857',
  '#7e22ce',
  '#be123c',
  '#334155',
  '#0e7490',
  '#854d0e',
];

export interface BarGroup {
  label: string;
  /** One value per series, in series order; null for no data. */
  values: (number | null)[];
}

/**
 * A horizontal grouped bar chart in SVG: one group per row, one bar per series, values 0–`max`.
 * It is an image with a text summary (`summary`) for assistive technology; every chart in the
 * dashboard is followed by a table with the same numbers.
 */
export function BarChart({
  title,
  summary,
  series,
  groups,
  max,
  format,
}: {
  title: string;
  summary: string;
  series: string[];
  groups: BarGroup[];
  max: number;
  format: (v: number) => string;
}) {
  const id = useId();
  const bar = 14;
  const gap = 10;
  const labelWidth = 300;
  const width = 820;
  const plot = width - labelWidth - 70;
  const groupHeight = series.length * bar + gap;
  const perRow = Math.floor((width - 20) / 180);
  const legendHeight = Math.ceil(series.length / perRow) * 18 + 10;
  const height = legendHeight + groups.length * groupHeight + 10;
  const scale = (v: number) => (max > 0 ? (Math.min(v, max) / max) * plot : 0);
  return (
    <figure className="chart">
      <svg
        role="img"
        aria-labelledby={`${id}-title ${id}-desc`}
        viewBox={`0 0 ${width} ${height}`}
        width="100%"
        preserveAspectRatio="xMinYMin meet"
      >
        <title id={`${id}-title`}>{title}</title>
        <desc id={`${id}-desc`}>{summary}</desc>
        {series.map((s, i) => (
          <g key={s} transform={`translate(${10 + (i % perRow) * 180}, ${4 + Math.floor(i / perRow) * 18})`}>
            <rect width="12" height="12" fill={SERIES_COLOURS[i % SERIES_COLOURS.length]} />
            <text x="18" y="11" className="chart-text">
              {s.length > 24 ? `${s.slice(0, 23)}…` : s}
            </text>
          </g>
        ))}
        {groups.map((g, gi) => {
          const y0 = legendHeight + gi * groupHeight;
          return (
            <g key={`${g.label}-${gi}`} transform={`translate(0, ${y0})`}>
              <text
                x={labelWidth - 8}
                y={(series.length * bar) / 2 + 4}
                textAnchor="end"
                className="chart-text"
              >
                {g.label.length > 42 ? `${g.label.slice(0, 41)}…` : g.label}
              </text>
              {g.values.map((v, si) => (
                <g key={si}>
                  <rect
                    x={labelWidth}
                    y={si * bar}
                    width={v === null ? 0 : Math.max(1, scale(v))}
                    height={bar - 3}
                    fill={SERIES_COLOURS[si % SERIES_COLOURS.length]}
                  />
                  <text
                    x={labelWidth + (v === null ? 0 : scale(v)) + 4}
                    y={si * bar + 10}
                    className="chart-value"
                  >
                    {v === null ? '—' : format(v)}
                  </text>
                </g>
              ))}
            </g>
          );
        })}
      </svg>
    </figure>
  );
}
