/**
 * Chart.js, trimmed to the pieces the report draws, and the three charts' configurations
 * built from a roll-up and the theme. Everything is drawn on canvas: names from contact
 * data never become markup (the tooltips are canvas tooltips too).
 */
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  type ChartConfiguration,
  Filler,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
} from 'chart.js';
import type { BusinessRollup, TrendPoint } from '../../bindings';
import type { ChartTheme } from './theme.svelte';
import { formatCount } from '../../lib/format';

Chart.register(
  BarController,
  BarElement,
  CategoryScale,
  Filler,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
);

export { Chart };

export const TOP = 15;

/** The largest businesses by `measure` (ties by name), "No business" left out. */
export function topBusinesses(
  rows: readonly BusinessRollup[],
  measure: (row: BusinessRollup) => number,
  count = TOP,
): BusinessRollup[] {
  return rows
    .filter((row) => row.businessId !== null && measure(row) > 0)
    .sort((a, b) => measure(b) - measure(a) || a.name.localeCompare(b.name))
    .slice(0, count);
}

/**
 * A name set apart from the text around it (first-strong isolate … pop): a right-to-left
 * name or a stray U+202E override cannot reorder what follows it. Canvas text has no
 * `<bdi>`, so the charts use this.
 */
export function isolate(name: string): string {
  return `\u2068${name}\u2069`;
}

/** Long business names are cut for the axis; the tooltip shows them whole. */
export function shortLabel(name: string, max = 26): string {
  const chars = Array.from(name);
  return isolate(chars.length > max ? `${chars.slice(0, max - 1).join('')}…` : name);
}

/** `#rrggbb` (as the tokens are written) with some transparency. */
export function translucent(colour: string, alpha: number): string {
  const hex = /^#([0-9a-f]{6})$/i.exec(colour.trim())?.[1];
  if (!hex) return colour;
  const [r, g, b] = [0, 2, 4].map((i) => Number.parseInt(hex.slice(i, i + 2), 16));
  return `rgba(${r}, ${g}, ${b}, ${alpha})`;
}

function base(theme: ChartTheme) {
  return {
    responsive: true,
    maintainAspectRatio: false,
    animation: false as const,
    font: { family: theme.font, size: 11.5 },
    plugins: {
      legend: {
        labels: { color: theme.muted, boxWidth: 10, boxHeight: 10, font: { family: theme.font, size: 11.5 } },
      },
      tooltip: {
        backgroundColor: theme.dark ? '#2c303b' : '#1b1d24',
        titleColor: '#ffffff',
        bodyColor: '#e8e9ee',
        titleFont: { family: theme.font, size: 12 },
        bodyFont: { family: theme.font, size: 12 },
        padding: 8,
        cornerRadius: 6,
      },
    },
  };
}

function axis(theme: ChartTheme, grid: boolean) {
  return {
    ticks: { color: theme.muted, font: { family: theme.font, size: 11.5 } },
    grid: { color: grid ? theme.grid : 'transparent', drawTicks: false },
    border: { display: false },
  };
}

/** Contacts per business: horizontal bars, largest first. */
export function contactsChart(rows: readonly BusinessRollup[], theme: ChartTheme): ChartConfiguration<'bar'> {
  const top = topBusinesses(rows, (row) => row.contacts);
  const common = base(theme);
  return {
    type: 'bar',
    data: {
      labels: top.map((row) => shortLabel(row.name)),
      datasets: [
        {
          label: 'Contacts',
          data: top.map((row) => row.contacts),
          backgroundColor: theme.accent,
          borderRadius: 3,
          maxBarThickness: 16,
        },
      ],
    },
    options: {
      ...common,
      indexAxis: 'y',
      plugins: {
        ...common.plugins,
        legend: { display: false },
        tooltip: { ...common.plugins.tooltip, callbacks: { title: (items) => isolate(top[items[0]?.dataIndex ?? 0]?.name ?? '') } },
      },
      scales: {
        x: { ...axis(theme, true), beginAtZero: true, ticks: { ...axis(theme, true).ticks, precision: 0 } },
        y: axis(theme, false),
      },
    },
  };
}

/** Open (not yet due), overdue and completed tasks per business, stacked. */
export function tasksChart(rows: readonly BusinessRollup[], theme: ChartTheme): ChartConfiguration<'bar'> {
  const top = topBusinesses(rows, (row) => row.openTasks + row.completedTasks);
  const common = base(theme);
  const series = (label: string, data: number[], colour: string) => ({
    label,
    data,
    backgroundColor: colour,
    maxBarThickness: 22,
    stack: 'tasks',
  });
  return {
    type: 'bar',
    data: {
      labels: top.map((row) => shortLabel(row.name, 14)),
      datasets: [
        series(
          'Open',
          top.map((row) => Math.max(0, row.openTasks - row.overdueTasks)),
          theme.accent,
        ),
        series(
          'Overdue',
          top.map((row) => row.overdueTasks),
          theme.danger,
        ),
        series(
          'Completed',
          top.map((row) => row.completedTasks),
          translucent(theme.ok, 0.7),
        ),
      ],
    },
    options: {
      ...common,
      plugins: {
        ...common.plugins,
        legend: { ...common.plugins.legend, position: 'bottom' },
        tooltip: {
          ...common.plugins.tooltip,
          mode: 'index',
          callbacks: { title: (items) => isolate(top[items[0]?.dataIndex ?? 0]?.name ?? '') },
        },
      },
      scales: {
        x: { ...axis(theme, false), stacked: true, ticks: { ...axis(theme, false).ticks, maxRotation: 50, autoSkip: false } },
        y: { ...axis(theme, true), stacked: true, beginAtZero: true, ticks: { ...axis(theme, true).ticks, precision: 0 } },
      },
    },
  };
}

function dayLabel(date: string): string {
  const [year, month, day] = date.split('-').map(Number);
  if (!year || !month || !day) return date;
  return new Date(Date.UTC(year, month - 1, day)).toLocaleDateString(undefined, {
    day: 'numeric',
    month: 'short',
    timeZone: 'UTC',
  });
}

/** Tasks past due at the end of each day of the period. */
export function trendChart(points: readonly TrendPoint[], theme: ChartTheme): ChartConfiguration<'line'> {
  const common = base(theme);
  return {
    type: 'line',
    data: {
      labels: points.map((point) => dayLabel(point.date)),
      datasets: [
        {
          label: 'Overdue tasks',
          data: points.map((point) => point.overdue),
          borderColor: theme.danger,
          backgroundColor: translucent(theme.danger, 0.12),
          fill: 'origin',
          tension: 0.25,
          borderWidth: 2,
          pointRadius: points.length > 45 ? 0 : 2,
          pointHoverRadius: 4,
        },
      ],
    },
    options: {
      ...common,
      interaction: { mode: 'index', intersect: false },
      plugins: { ...common.plugins, legend: { display: false } },
      scales: {
        x: { ...axis(theme, false), ticks: { ...axis(theme, false).ticks, maxTicksLimit: 8, maxRotation: 0 } },
        y: { ...axis(theme, true), beginAtZero: true, ticks: { ...axis(theme, true).ticks, precision: 0 } },
      },
    },
  };
}

/** One sentence for screen readers, since a canvas says nothing by itself. */
export function describeTop(rows: readonly BusinessRollup[], measure: (row: BusinessRollup) => number, noun: string): string {
  const top = topBusinesses(rows, measure, 3);
  if (top.length === 0) return `No ${noun} yet.`;
  return `Most ${noun}: ${top.map((row) => `${isolate(row.name)} (${formatCount(measure(row))})`).join(', ')}.`;
}
