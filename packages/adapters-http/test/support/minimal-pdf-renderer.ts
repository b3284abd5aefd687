import type { DocumentRenderer, InvoiceDocument, ReportDocument } from '@mostrador/core';

/**
 * A stand-in renderer for the HTTP layer's own tests (this package may not use the PDF adapter):
 * a real one-page PDF (valid xref) whose only text line names the document, so a test can see
 * which document the route rendered. What the documents look like is adapters-pdf's business.
 */
export class MinimalPdfRenderer implements DocumentRenderer {
  readonly rendered: (InvoiceDocument | ReportDocument)[] = [];

  async renderInvoice(document: InvoiceDocument): Promise<Uint8Array> {
    this.rendered.push(document);
    return minimalPdf(`${document.voucher.type} ${document.voucher.number}`);
  }

  async renderReport(report: ReportDocument): Promise<Uint8Array> {
    this.rendered.push(report);
    return minimalPdf(report.report.name);
  }
}

const minimalPdf = (line: string): Uint8Array => {
  const text = line.replace(/[()\\]/g, '');
  const content = `BT /F1 12 Tf 40 800 Td (${text}) Tj ET`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>',
    `<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let pdf = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((object, i) => {
    offsets.push(pdf.length);
    pdf += `${i + 1} 0 obj\n${object}\nendobj\n`;
  });
  const xref = pdf.length;
  pdf += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  pdf += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return new TextEncoder().encode(pdf);
};
