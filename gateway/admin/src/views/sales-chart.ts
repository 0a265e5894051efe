import uPlot from 'uplot';
import { h, money } from '../dom.js';

/** One bucket of GET /statistics/sales-over-time, with its cost (revenue − profit). */
export interface SalesPoint {
  start: string;
  orders: number;
  revenue: number;
  cost: number;
  profit: number;
}

const DAY = 86_400;

const SERIES = [
  { label: 'Revenue', stroke: '#0b5cad' },
  { label: 'Cost', stroke: '#a4262c' },
  { label: 'Profit', stroke: '#107c10' },
] as const;

/**
 * Revenue, cost and profit over time as a uPlot line chart (a canvas, so it is described for screen
 * readers by its label; the table beside it holds the same numbers).
 */
export function salesChart(points: SalesPoint[], period: { from: string; to: string }): HTMLElement {
  // The axis spans the chosen period (through the end of its last day) and every bucket's start.
  const starts = points.map((point) => Date.parse(`${point.start}T00:00:00Z`) / 1000);
  const spanFrom = Math.min(Date.parse(`${period.from}T00:00:00Z`) / 1000, ...starts);
  const spanTo = Math.max(Date.parse(`${period.to}T00:00:00Z`) / 1000 + DAY, ...starts);
  const holder = h('div', {
    class: 'chart',
    role: 'img',
    'aria-label': `Revenue, cost and profit of ${points.length} periods; the numbers are in the table below`,
  });
  const data: uPlot.AlignedData = [
    starts,
    points.map((point) => point.revenue),
    points.map((point) => point.cost),
    points.map((point) => point.profit),
  ];
  const options: uPlot.Options = {
    width: 600,
    height: 280,
    tzDate: (seconds) => uPlot.tzDate(new Date(seconds * 1000), 'Etc/UTC'),
    scales: {
      // Money starts at zero.
      x: { time: true, range: () => [spanFrom, spanTo] },
      y: { range: (_chart, min, max) => [Math.min(0, min), Math.max(max * 1.1, 1)] },
    },
    series: [
      {},
      ...SERIES.map(({ label, stroke }) => ({
        label,
        stroke,
        width: 2,
        points: { show: true },
        value: (_chart: uPlot, amount: number | null) => (amount === null ? '' : money(amount)),
      })),
    ],
    axes: [{}, { values: (_chart, ticks) => ticks.map(money), size: 80 }],
  };
  // Drawn once the holder is in the page, at its width, and redrawn when that changes (a phone turned).
  requestAnimationFrame(function drawChart() {
    const chart = new uPlot({ ...options, width: holder.clientWidth || 600 }, data, holder);
    const resized = new ResizeObserver(function fitChart() {
      if (holder.isConnected) return chart.setSize({ width: holder.clientWidth, height: 280 });
      resized.disconnect();
      chart.destroy();
    });
    resized.observe(holder);
  });
  return holder;
}
