import { escapeHtml } from './html.js';

export interface Bar {
  readonly label: string;
  readonly value: number;
}

export interface BarChartOptions {
  readonly title: string;
  /** Formats an axis value (centavos → "$ 12 k"). */
  readonly format: (value: number) => string;
  readonly width?: number;
  readonly height?: number;
  readonly color?: string;
}

const TICKS = 4;

/** A round step ≥ max/ticks: 1, 2 or 5 × 10ⁿ. */
const niceStep = (max: number): number => {
  const raw = max / TICKS;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw);
  return step ?? 10 * power;
};

/**
 * A vertical bar chart as an SVG document: y axis with round ticks, one bar per entry, x labels
 * thinned so they never overlap (every k-th label for a long period).
 */
export const verticalBarChart = (bars: readonly Bar[], options: BarChartOptions): string => {
  const width = options.width ?? 720;
  const height = options.height ?? 240;
  const left = 78;
  const right = 10;
  const top = 26;
  const bottom = 40;
  const plotW = width - left - right;
  const plotH = height - top - bottom;
  const max = Math.max(1, ...bars.map((bar) => bar.value));
  const step = niceStep(max);
  const ceiling = Math.ceil(max / step) * step;
  const y = (value: number) => top + plotH - (value / ceiling) * plotH;
  const slot = plotW / Math.max(1, bars.length);
  const barW = Math.max(0.6, slot * 0.72);
  const labelEvery = Math.max(1, Math.ceil(bars.length / Math.floor(plotW / 46)));
  const parts: string[] = [];
  parts.push(`<text x="${left}" y="14" font-size="12" font-weight="bold" fill="#222">${escapeHtml(options.title)}</text>`);
  for (let tick = 0; tick <= ceiling; tick += step) {
    const ty = y(tick).toFixed(1);
    parts.push(`<line x1="${left}" x2="${width - right}" y1="${ty}" y2="${ty}" stroke="#ddd" stroke-width="0.6"/>`);
    parts.push(
      `<text x="${left - 6}" y="${ty}" dy="3" font-size="9" text-anchor="end" fill="#555">${escapeHtml(options.format(tick))}</text>`,
    );
  }
  bars.forEach((bar, i) => {
    const x = left + i * slot + (slot - barW) / 2;
    const top_ = y(bar.value);
    parts.push(
      `<rect x="${x.toFixed(2)}" y="${top_.toFixed(2)}" width="${barW.toFixed(2)}" height="${(top + plotH - top_).toFixed(2)}" fill="${options.color ?? '#2f6fad'}"/>`,
    );
    if (i % labelEvery === 0) {
      const cx = (left + i * slot + slot / 2).toFixed(1);
      parts.push(
        `<text x="${cx}" y="${top + plotH + 14}" font-size="8.5" text-anchor="middle" fill="#444">${escapeHtml(bar.label)}</text>`,
      );
    }
  });
  parts.push(`<line x1="${left}" x2="${width - right}" y1="${top + plotH}" y2="${top + plotH}" stroke="#888" stroke-width="0.8"/>`);
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" font-family="DejaVu Sans, sans-serif">${parts.join('')}</svg>`;
};

/** A horizontal bar chart (rankings: products, categories, statuses): label, bar, value. */
export const horizontalBarChart = (bars: readonly Bar[], options: BarChartOptions): string => {
  const width = options.width ?? 720;
  const rowH = 20;
  const top = 24;
  const height = top + Math.max(1, bars.length) * rowH + 6;
  const labelW = 230;
  const valueW = 110;
  const plotW = width - labelW - valueW - 10;
  const max = Math.max(1, ...bars.map((bar) => bar.value));
  const parts: string[] = [`<text x="0" y="14" font-size="12" font-weight="bold" fill="#222">${escapeHtml(options.title)}</text>`];
  bars.forEach((bar, i) => {
    const cy = top + i * rowH;
    const label = bar.label.length > 38 ? `${bar.label.slice(0, 37)}…` : bar.label;
    const w = Math.max(0.8, (bar.value / max) * plotW);
    parts.push(`<text x="${labelW - 8}" y="${cy + 13}" font-size="9.5" text-anchor="end" fill="#333">${escapeHtml(label)}</text>`);
    parts.push(`<rect x="${labelW}" y="${cy + 3}" width="${w.toFixed(2)}" height="${rowH - 6}" fill="${options.color ?? '#2f6fad'}"/>`);
    parts.push(
      `<text x="${(labelW + w + 6).toFixed(1)}" y="${cy + 13}" font-size="9.5" fill="#333">${escapeHtml(options.format(bar.value))}</text>`,
    );
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" font-family="DejaVu Sans, sans-serif">${parts.join('')}</svg>`;
};
