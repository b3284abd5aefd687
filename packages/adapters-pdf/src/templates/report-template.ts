import { argentinaDay, type Locale, type Money, type ReportDocument, type SalesFigures } from '@mostrador/core';
import { type DocumentAssets, logoOf } from './assets.js';
import { type Bar, horizontalBarChart, verticalBarChart } from './bar-chart.js';
import { countText, dateTimeText, dayText, moneyText, monthText } from './format.js';
import { dataUrl, escapeHtml as e } from './html.js';
import { LABELS, type Labels } from './labels.js';
import { DOCUMENT_CSS, pageCss } from './styles.js';

/** Axis labels: whole pesos, grouped ("$ 120.000"). */
const axisMoney = (centavos: number, locale: Locale): string => {
  const pesos = Math.round(centavos / 100);
  return `$ ${countText(pesos, locale)}`;
};

const chart = (svg: string): string => `<div class="chart"><img src="${dataUrl('image/svg+xml', svg)}" alt=""></div>`;

const card = (key: string, value: string): string => `<td class="card"><div class="k">${e(key)}</div><div class="v">${e(value)}</div></td>`;
const cards = (...cells: string[]): string => `<table class="cards"><tr>${cells.join('')}</tr></table>`;

/** A table whose totals row (`foot`) closes it once, after the last row (a tfoot would repeat on every page). */
const table = (head: readonly (readonly [string, boolean])[], rows: readonly string[], foot: string | null): string =>
  `<table class="lines"><thead><tr>${head.map(([label, num]) => `<th${num ? ' class="num"' : ''}>${e(label)}</th>`).join('')}</tr></thead>
  <tbody>${rows.join('')}${foot ? foot.replace('<tr>', '<tr class="total-row">') : ''}</tbody></table>`;

const salesCells = (f: SalesFigures, locale: Locale): string =>
  [countText(f.orders, locale), countText(f.units, locale), moneyText(f.net, locale), moneyText(f.vat, locale), moneyText(f.total, locale)]
    .map((v) => `<td class="num">${e(v)}</td>`)
    .join('');

const salesHead = (l: Labels, first: readonly (readonly [string, boolean])[]): (readonly [string, boolean])[] => [
  ...first,
  [l.orders, true],
  [l.units, true],
  [l.net, true],
  [l.vatRate, true],
  [l.total, true],
];

const salesCards = (f: SalesFigures, l: Labels, locale: Locale): string =>
  cards(
    card(l.total, moneyText(f.total, locale)),
    card(l.net, moneyText(f.net, locale)),
    card(l.vatRate, moneyText(f.vat, locale)),
    card(l.orders, countText(f.orders, locale)),
    card(l.units, countText(f.units, locale)),
  );

const body = (doc: ReportDocument, l: Labels): string => {
  const { locale, report } = doc;
  const m = (amount: Money) => moneyText(amount, locale);
  const fmt = (v: number) => axisMoney(v, locale);
  const empty = `<div class="empty">${e(l.noData)}</div>`;
  switch (report.name) {
    case 'sales-by-day':
    case 'sales-by-month': {
      const byDay = report.name === 'sales-by-day';
      const label = (period: string) => (byDay ? dayText(period, locale) : monthText(period, locale));
      const bars: Bar[] = report.rows.map((row) => ({
        label: byDay ? label(row.period).slice(0, 5) : label(row.period),
        value: row.total.amount,
      }));
      return `${salesCards(report.totals, l, locale)}
        ${report.rows.length > 0 ? chart(verticalBarChart(bars, { title: l.chartSales, format: fmt })) : empty}
        ${table(
          salesHead(l, [[byDay ? l.day : l.month, false]]),
          report.rows.map((row) => `<tr><td>${e(label(row.period))}</td>${salesCells(row, locale)}</tr>`),
          `<tr><td>${e(l.total)}</td>${salesCells(report.totals, locale)}</tr>`,
        )}`;
    }
    case 'sales-by-product': {
      const bars = report.rows.slice(0, 10).map((row) => ({ label: row.name, value: row.total.amount }));
      return `${salesCards(report.totals, l, locale)}
        ${report.rows.length > 0 ? chart(horizontalBarChart(bars, { title: l.chartTop, format: (v) => m({ amount: v, currency: 'ARS' }) })) : empty}
        ${table(
          salesHead(l, [
            [l.sku, false],
            [l.product, false],
            [l.category, false],
          ]),
          report.rows.map(
            (row) =>
              `<tr><td class="nowrap">${e(row.sku)}</td><td>${e(row.name)}</td><td>${e(row.category ?? l.uncategorized)}</td>${salesCells(row, locale)}</tr>`,
          ),
          `<tr><td colspan="3">${e(l.total)}</td>${salesCells(report.totals, locale)}</tr>`,
        )}`;
    }
    case 'sales-by-category': {
      const bars = report.rows.slice(0, 10).map((row) => ({ label: row.category ?? l.uncategorized, value: row.total.amount }));
      return `${salesCards(report.totals, l, locale)}
        ${report.rows.length > 0 ? chart(horizontalBarChart(bars, { title: l.chartTop, format: (v) => m({ amount: v, currency: 'ARS' }) })) : empty}
        ${table(
          salesHead(l, [[l.category, false]]),
          report.rows.map((row) => `<tr><td>${e(row.category ?? l.uncategorized)}</td>${salesCells(row, locale)}</tr>`),
          `<tr><td>${e(l.total)}</td>${salesCells(report.totals, locale)}</tr>`,
        )}`;
    }
    case 'inventory': {
      const low = report.rows.filter((row) => row.lowStock);
      const head: (readonly [string, boolean])[] = [
        [l.sku, false],
        [l.product, false],
        [l.category, false],
        [l.onHand, true],
        [l.reserved, true],
        [l.available, true],
        [l.unitPrice, true],
        [l.valuation, true],
      ];
      const row = (r: (typeof report.rows)[number]) =>
        `<tr${r.lowStock ? ' class="low"' : ''}><td class="nowrap">${e(r.sku)}</td><td class="name">${e(r.name)}</td><td>${e(r.category ?? l.uncategorized)}</td>` +
        `<td class="num">${countText(r.stockOnHand, locale)}</td><td class="num">${countText(r.reserved, locale)}</td>` +
        `<td class="num">${countText(r.available, locale)}</td><td class="num">${e(m(r.unitPrice))}</td><td class="num">${e(m(r.valuation))}</td></tr>`;
      return `${cards(card(l.valuation, m(report.totals.valuation)), card(l.products, countText(report.totals.products, locale)), card(l.onHand, countText(report.totals.units, locale)), card(l.lowStock, countText(report.totals.lowStock, locale)))}
        <h2>${e(l.lowStockItems(report.lowStockThreshold))}</h2>
        ${low.length > 0 ? table(head, low.map(row), null).replace('class="lines"', 'class="lines compact"') : `<div class="empty">—</div>`}
        <h2>${e(l.report.inventory)}</h2>
        ${table(
          head,
          report.rows.map(row),
          `<tr><td colspan="3">${e(l.total)}</td><td class="num">${countText(report.totals.units, locale)}</td><td></td><td></td><td></td><td class="num">${e(m(report.totals.valuation))}</td></tr>`,
        ).replace('class="lines"', 'class="lines compact"')}`;
    }
    case 'orders-by-status': {
      const bars = report.rows.map((row) => ({ label: l.statuses[row.status], value: row.orders }));
      return `${cards(card(l.orders, countText(report.totals.orders, locale)), card(l.total, m(report.totals.total)))}
        ${report.rows.length > 0 ? chart(horizontalBarChart(bars, { title: l.chartOrders, format: (v) => countText(v, locale) })) : empty}
        ${table(
          [
            [l.status, false],
            [l.orders, true],
            [l.total, true],
          ],
          report.rows.map(
            (row) =>
              `<tr><td>${e(l.statuses[row.status])}</td><td class="num">${countText(row.orders, locale)}</td><td class="num">${e(m(row.total))}</td></tr>`,
          ),
          `<tr><td>${e(l.total)}</td><td class="num">${countText(report.totals.orders, locale)}</td><td class="num">${e(m(report.totals.total))}</td></tr>`,
        )}`;
    }
  }
};

/** A report page: shop heading with logo, title, period, summary cards, an SVG chart, the table with its totals row. */
export const reportHtml = (doc: ReportDocument, assets: DocumentAssets): string => {
  const l = LABELS[doc.locale];
  const title = l.report[doc.report.name];
  // `to` is exclusive: the last day covered is the day before it.
  const period = doc.period
    ? `${l.period}: ${dayText(argentinaDay(doc.period.from), doc.locale)} – ${dayText(argentinaDay(new Date(doc.period.to.getTime() - 1)), doc.locale)}`
    : `${l.snapshot} ${dateTimeText(doc.generatedAt, doc.locale)}`;
  const generated = `${l.generated} ${dateTimeText(doc.generatedAt, doc.locale)}`;
  return `<!doctype html>
<html lang="${doc.locale}"><head><meta charset="utf-8"><title>${e(title)}</title>
<style>${pageCss(`${doc.shop} · ${title} · ${generated}`, l.page)}${DOCUMENT_CSS}</style></head>
<body>
  <table class="layout report-head"><tr>
    <td class="brand"><img class="logo" src="${e(logoOf(assets, doc.shop))}" alt=""><span class="shop">${e(doc.shop)}</span><h1>${e(title)}</h1></td>
    <td class="meta">${e(period)}<br>${e(generated)}</td>
  </tr></table>
  ${body(doc, l)}
</body></html>`;
};
