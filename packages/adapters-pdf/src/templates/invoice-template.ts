import { CATALOGS, type InvoiceDocument, type Money } from '@mostrador/core';
import { type DocumentAssets, logoOf } from './assets.js';
import { cuitText, dayText, moneyText, rateText } from './format.js';
import { dataUrl, escapeHtml as e } from './html.js';
import { LABELS } from './labels.js';
import { qrSvg } from './qr-svg.js';
import { DOCUMENT_CSS, pageCss } from './styles.js';

/**
 * The printed voucher (arca.md §4): letter box with the code under it between issuer and voucher
 * data, buyer box, lines, totals (VAT per rate on A; VAT contained on B to a consumidor final),
 * then the QR of RG 4892 beside the CAE and its due date.
 */
export const invoiceHtml = (doc: InvoiceDocument, assets: DocumentAssets): string => {
  const l = LABELS[doc.locale];
  const iva = CATALOGS[doc.locale].ivaConditions;
  const m = (amount: Money) => e(moneyText(amount, doc.locale));
  const code = String(doc.voucher.code).padStart(2, '0');
  const title = `${l.voucher[doc.voucher.kind]} ${doc.voucher.letter}`;
  const { totals } = doc;
  const associated = doc.voucher.associated;
  /** "FACTURA B 00001-00000001": the invoice a credit note credits. */
  const associatedText = associated ? `${l.voucher[associated.kind]} ${associated.letter} ${associated.number}` : '';
  const zero = (amount: Money) => amount.amount === 0;

  const lineRows = doc.lines
    .map(
      (line) => `<tr>
        <td class="nowrap">${e(line.sku)}</td>
        <td>${e(line.kind === 'refund' ? l.refundLine : line.name)}</td>
        <td class="num">${line.quantity}</td>
        <td class="num">${m(line.unitPrice)}</td>
        ${doc.pricesIncludeVat ? '' : `<td class="num">${e(rateText(line.vatRate, doc.locale))}</td>`}
        <td class="num">${m(line.total)}</td>
      </tr>`,
    )
    .join('');

  const totalRows: string[] = [];
  if (doc.voucher.letter === 'A') {
    totalRows.push(`<tr><td>${e(l.netTaxed)}</td><td class="num">${m(totals.net)}</td></tr>`);
    for (const vat of totals.vatBreakdown) {
      totalRows.push(`<tr><td>${e(l.vat(rateText(vat.rate, doc.locale)))}</td><td class="num">${m(vat.amount)}</td></tr>`);
    }
  } else {
    totalRows.push(`<tr><td>${e(l.subtotal)}</td><td class="num">${m(totals.total)}</td></tr>`);
  }
  if (!zero(totals.exempt)) totalRows.push(`<tr><td>${e(l.exempt)}</td><td class="num">${m(totals.exempt)}</td></tr>`);
  if (!zero(totals.nonTaxed)) totalRows.push(`<tr><td>${e(l.nonTaxed)}</td><td class="num">${m(totals.nonTaxed)}</td></tr>`);
  if (!zero(totals.otherTaxes)) totalRows.push(`<tr><td>${e(l.otherTaxes)}</td><td class="num">${m(totals.otherTaxes)}</td></tr>`);
  totalRows.push(`<tr class="grand"><td>${e(l.total)}</td><td class="num">${m(totals.total)}</td></tr>`);

  const buyer = doc.buyer;
  const buyerBox = buyer
    ? `<table class="layout">
        <tr><td><span class="label">${e(l.buyer)}:</span> <strong>${e(buyer.name)}</strong></td>
        <td><span class="label">${e(buyer.documentType)}:</span> ${e(buyer.documentType === 'CUIT' ? cuitText(buyer.documentNumber) : buyer.documentNumber)}</td></tr>
        <tr><td><span class="label">${e(l.address)}:</span> ${e(buyer.address)}</td>
        <td><span class="label">${e(l.ivaCondition)}:</span> ${e(iva[buyer.ivaCondition])}</td></tr>
      </table>`
    : `<table class="layout">
        <tr><td><span class="label">${e(l.buyer)}:</span> <strong>${e(l.finalConsumer)}</strong></td>
        <td><span class="label">${e(l.ivaCondition)}:</span> ${e(iva.CONSUMIDOR_FINAL)}</td></tr>
      </table>`;

  const footer = `${doc.issuer.legalName} · ${title} ${doc.voucher.number}`;
  return `<!doctype html>
<html lang="${doc.locale}"><head><meta charset="utf-8"><title>${e(title)} ${e(doc.voucher.number)}</title>
<style>${pageCss(footer, l.page)}${DOCUMENT_CSS}</style></head>
<body>
  <table class="layout voucher-head"><tr>
    <td class="half issuer">
      <div class="brand"><img class="logo" src="${e(logoOf(assets, doc.shop.name))}" alt=""><span class="shop">${e(doc.shop.name)}</span></div>
      <div class="issuer-name">${e(doc.issuer.legalName)}</div>
      <table class="facts">
        <tr><td>${e(l.address)}</td><td>${e(doc.issuer.address)}</td></tr>
        <tr><td>${e(l.ivaCondition)}</td><td>${e(iva[doc.issuer.ivaCondition])}</td></tr>
      </table>
    </td>
    <td class="letter-cell"><div class="letter-box"><div class="letter">${e(doc.voucher.letter)}</div><div class="code">${e(l.code)} ${code}</div></div></td>
    <td class="half voucher">
      <div class="voucher-title">${e(l.voucher[doc.voucher.kind])}</div>
      <table class="facts">
        <tr><td>${e(l.number)}</td><td><strong>${e(doc.voucher.number)}</strong></td></tr>
        <tr><td>${e(l.issueDate)}</td><td>${e(dayText(doc.voucher.issueDate, doc.locale))}</td></tr>
        ${associated ? `<tr><td>${e(l.associated)}</td><td class="nowrap"><strong>${e(associatedText)}</strong></td></tr>` : ''}
        <tr><td>${e(l.cuit)}</td><td>${e(cuitText(doc.issuer.cuit))}</td></tr>
        <tr><td>${e(l.grossIncome)}</td><td>${e(doc.issuer.grossIncome)}</td></tr>
        <tr><td>${e(l.activityStart)}</td><td>${doc.issuer.activityStart ? e(dayText(doc.issuer.activityStart, doc.locale)) : e(l.notSet)}</td></tr>
      </table>
    </td>
  </tr></table>
  <div class="box">${buyerBox}
    <div class="muted" style="margin-top:3pt">${e(l.order)} #${doc.orderNumber} · ${e(doc.pricesIncludeVat ? l.pricesGross : l.pricesNet)}</div>
  </div>

  <table class="lines">
    <thead><tr>
      <th>${e(l.sku)}</th><th>${e(l.description)}</th><th class="num">${e(l.quantity)}</th><th class="num">${e(l.unitPrice)}</th>
      ${doc.pricesIncludeVat ? '' : `<th class="num">${e(l.vatRate)}</th>`}<th class="num">${e(l.subtotal)}</th>
    </tr></thead>
    <tbody>${lineRows}</tbody>
  </table>

  <table class="layout bottom"><tr>
    <td>${
      doc.vatContained
        ? `<div class="transparency"><strong>${e(l.transparency[0])} <span class="nowrap">${e(l.transparency[1])}</span></strong><br>${e(l.vatContained)}: ${m(doc.vatContained)}</div>`
        : ''
    }</td>
    <td class="totals-cell"><table class="totals">${totalRows.join('')}</table></td>
  </tr></table>

  <table class="layout auth"><tr>
    <td class="qr-cell"><img class="qr" src="${dataUrl('image/svg+xml', qrSvg(doc.qr.url))}" alt="QR"></td>
    <td class="cae">
      <div>${e(l.cae)}: <strong>${e(doc.voucher.cae)}</strong></div>
      <div>${e(l.caeDue)}: <strong>${e(dayText(doc.voucher.caeDueDate, doc.locale))}</strong></div>
      <div class="muted">${e(l.authorized)}</div>
    </td>
  </tr></table>
</body></html>`;
};
