/**
 * The documents' stylesheet. Fonts: DejaVu Sans, on every Debian machine with fonts-dejavu-core
 * (WeasyPrint's package pulls in a font; we name the one we test with) — no web fonts, no network.
 */
export const DOCUMENT_CSS = `
* { box-sizing: border-box; }
html { font-family: "DejaVu Sans", sans-serif; font-size: 8.6pt; color: #1d1d1d; }
body { margin: 0; }
h1 { font-size: 15pt; margin: 0; }
h2 { font-size: 10.5pt; margin: 12pt 0 5pt; }
.muted { color: #666; }
.right { text-align: right; }
.center { text-align: center; }
.nowrap { white-space: nowrap; }
.strong { font-weight: bold; }

/* Layout uses tables, not flexbox: WeasyPrint lays tables out faster and more predictably. */
table.layout { width: 100%; border-collapse: collapse; }
table.layout > tbody > tr > td { vertical-align: top; padding: 0; }

/* shared heading with the shop's logo */
.brand img.logo { width: 30pt; height: 30pt; vertical-align: middle; margin-right: 6pt; }
.brand .shop { font-size: 13pt; font-weight: bold; vertical-align: middle; }

/* invoice */
table.voucher-head { border: 1pt solid #222; }
table.voucher-head td.half { width: 50%; padding: 8pt 10pt; }
table.voucher-head td.half.issuer { border-right: 1pt solid #222; }
table.voucher-head td.letter-cell { width: 0; padding: 0; position: relative; }
.letter-box { position: absolute; top: -1pt; left: -24pt; width: 48pt; border: 1pt solid #222; border-top: none; background: #fff; text-align: center; padding: 3pt 0 3pt; }
.letter-box .letter { font-size: 24pt; font-weight: bold; line-height: 1.05; }
.letter-box .code { font-size: 6.8pt; font-weight: bold; }
td.half.voucher { padding-left: 34pt !important; }
.voucher-title { font-size: 15pt; font-weight: bold; margin: 0 0 4pt; }
.facts { border-collapse: collapse; }
.facts td { padding: 1.2pt 0; vertical-align: top; }
.facts td:first-child { color: #555; padding-right: 8pt; white-space: nowrap; }
.issuer-name { font-size: 10pt; font-weight: bold; margin-top: 6pt; }
.box { border: 1pt solid #222; border-top: none; padding: 6pt 10pt; }
.box td { width: 50%; padding: 1.2pt 0; }
.label { color: #555; }
table.lines { width: 100%; border-collapse: collapse; margin-top: 10pt; }
table.lines th { background: #eceff3; border-bottom: 1pt solid #222; font-weight: bold; padding: 4pt 5pt; text-align: left; }
table.lines td { border-bottom: 0.5pt solid #d3d6da; padding: 3.5pt 5pt; vertical-align: top; }
table.lines th.num, table.lines td.num { text-align: right; white-space: nowrap; }
table.lines tr { page-break-inside: avoid; }
table.lines thead { display: table-header-group; }
table.lines tr.total-row td { border-top: 1pt solid #222; border-bottom: none; font-weight: bold; background: #f6f7f9; }
tr.low td { background: #fff1e6; }
/* long listings (inventory): smaller type, the name column gets the room */
table.lines.compact { font-size: 7.6pt; }
table.lines.compact td, table.lines.compact th { padding: 2.6pt 4pt; }
table.lines.compact td.name { width: 36%; }
table.bottom { margin-top: 12pt; page-break-inside: avoid; }
table.bottom td.totals-cell { width: 240pt; }
.totals { border-collapse: collapse; width: 100%; }
.totals td { padding: 2.5pt 6pt; }
.totals td.num { text-align: right; white-space: nowrap; }
.totals tr.grand td { border-top: 1pt solid #222; font-size: 11pt; font-weight: bold; padding-top: 4pt; }
.transparency { margin-right: 16pt; border: 0.8pt dashed #777; padding: 5pt 8pt; font-size: 7.6pt; }
table.auth { margin-top: 16pt; border-top: 1pt solid #222; page-break-inside: avoid; }
table.auth td.qr-cell { width: 33mm; padding-top: 8pt; }
table.auth td.cae { padding-top: 8pt; vertical-align: middle; font-size: 9.5pt; line-height: 1.6; }
img.qr { width: 31mm; height: 31mm; }

/* reports */
table.report-head { border-bottom: 1.5pt solid #2f6fad; margin-bottom: 8pt; }
table.report-head td { padding-bottom: 6pt !important; vertical-align: bottom !important; }
table.report-head .meta { text-align: right; color: #444; line-height: 1.5; }
table.cards { width: 100%; border-collapse: separate; border-spacing: 0; margin: 6pt 0 10pt; }
table.cards td + td { border-left: none; }
table.cards td { border: 0.8pt solid #c9d4e2; background: #f4f7fb; padding: 6pt 8pt; }
.card .k { color: #555; font-size: 7.2pt; text-transform: uppercase; letter-spacing: 0.3pt; }
.card .v { font-size: 11.5pt; font-weight: bold; margin-top: 2pt; white-space: nowrap; }
.chart { margin: 4pt 0 8pt; page-break-inside: avoid; }
.chart img { width: 100%; }
.empty { padding: 20pt; text-align: center; color: #666; border: 0.8pt dashed #bbb; }
`;

/** Quoted CSS string content; `<` escaped too, so no text can close the <style> element. */
const cssString = (text: string): string =>
  `"${text
    .replace(/[\\"]/g, (c) => `\\${c}`)
    .replace(/</g, '\\3c ')
    .replace(/[\r\n]+/g, ' ')}"`;

/** Page size, margins and the running footer (left text, "Página n / m" on the right). */
export const pageCss = (footer: string, pageLabel: string): string => `
@page {
  size: A4;
  margin: 14mm 13mm 16mm 13mm;
  @bottom-left { content: ${cssString(footer)}; font: 7.5pt "DejaVu Sans", sans-serif; color: #777; }
  @bottom-right { content: ${cssString(pageLabel)} " " counter(page) " / " counter(pages); font: 7.5pt "DejaVu Sans", sans-serif; color: #777; }
}`;
