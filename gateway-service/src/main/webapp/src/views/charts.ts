// Chart.js with only the parts the insights screen draws (bars and bubbles), so the chunk stays small; it loads with
// the insights screen, never on the first screen.
import {
  BarController, BarElement, BubbleController, CategoryScale, Chart, Legend, LinearScale, PointElement, Tooltip,
  type ChartConfiguration,
} from 'chart.js';

Chart.register(BarController, BarElement, BubbleController, CategoryScale, LinearScale, PointElement, Tooltip, Legend);
Chart.defaults.font.family = 'system-ui, sans-serif';
Chart.defaults.color = '#333';
// Drawing 250k-record histories is cheap (the server aggregates), but redraw animations on every filter change
// are not: no animation keeps the page responsive.
Chart.defaults.animation = false;

export const COLORS = ['#1f6f50', '#b3541e', '#3b5ba9', '#8a3ea0', '#6b6b00'];

const charts = new WeakMap<HTMLCanvasElement, Chart>();

/** Draws (or redraws) a chart on a canvas, releasing the previous one. */
export function draw(canvas: HTMLCanvasElement, config: ChartConfiguration): void {
  charts.get(canvas)?.destroy();
  charts.set(canvas, new Chart(canvas, config));
}

/** Long names (podcast episodes, live recordings) are cut on the axis; the table below has them whole. */
function short(label: string): string {
  return label.length > 34 ? `${label.slice(0, 33)}…` : label;
}

export function horizontalBars(labels: string[], values: number[], label: string): ChartConfiguration {
  return {
    type: 'bar',
    data: { labels: labels.map(short), datasets: [{ label, data: values, backgroundColor: COLORS[0] }] },
    options: { indexAxis: 'y', maintainAspectRatio: false, plugins: { legend: { display: false } } },
  };
}

export function groupedBars(labels: string[], series: { label: string; values: number[] }[]): ChartConfiguration {
  return {
    type: 'bar',
    data: {
      labels,
      datasets: series.map((one, index) => ({ label: one.label, data: one.values, backgroundColor: COLORS[index % COLORS.length] })),
    },
    options: { maintainAspectRatio: false },
  };
}

export function bubbles(points: { x: number; y: number; r: number }[], xLabel: string, yLabel: string): ChartConfiguration {
  return {
    type: 'bubble',
    data: { datasets: [{ label: 'Plays', data: points, backgroundColor: 'rgba(31, 111, 80, 0.55)' }] },
    options: {
      maintainAspectRatio: false,
      plugins: { legend: { display: false } },
      scales: {
        x: { min: 0, max: 1, title: { display: true, text: xLabel } },
        y: { min: 0, max: 1, title: { display: true, text: yLabel } },
      },
    },
  };
}
