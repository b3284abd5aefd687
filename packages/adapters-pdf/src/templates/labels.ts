import type { Locale, OrderStatus, ReportName, VoucherKind } from '@mostrador/core';

/** Every word the documents print, per language. */
export interface Labels {
  readonly voucher: Readonly<Record<VoucherKind, string>>;
  readonly code: string;
  readonly number: string;
  readonly issueDate: string;
  /** "Comprobante asociado": the invoice a credit note credits. */
  readonly associated: string;
  /** The description of a credit note line for part of an invoice. */
  readonly refundLine: string;
  readonly cuit: string;
  readonly grossIncome: string;
  readonly activityStart: string;
  readonly ivaCondition: string;
  readonly buyer: string;
  readonly finalConsumer: string;
  readonly address: string;
  readonly document: string;
  readonly order: string;
  readonly sku: string;
  readonly description: string;
  readonly quantity: string;
  readonly unitPrice: string;
  readonly vatRate: string;
  readonly subtotal: string;
  readonly netTaxed: string;
  readonly vat: (rate: string) => string;
  readonly exempt: string;
  readonly nonTaxed: string;
  readonly otherTaxes: string;
  readonly total: string;
  /** The regime's name and the law, which is never split across lines. */
  readonly transparency: readonly [string, string];
  readonly vatContained: string;
  readonly cae: string;
  readonly caeDue: string;
  readonly authorized: string;
  readonly pricesNet: string;
  readonly pricesGross: string;
  readonly notSet: string;
  readonly report: Readonly<Record<ReportName, string>>;
  readonly period: string;
  readonly snapshot: string;
  readonly generated: string;
  readonly day: string;
  readonly month: string;
  readonly orders: string;
  readonly units: string;
  readonly net: string;
  readonly product: string;
  readonly category: string;
  readonly uncategorized: string;
  readonly onHand: string;
  readonly reserved: string;
  readonly available: string;
  readonly valuation: string;
  readonly lowStock: string;
  readonly lowStockItems: (threshold: number) => string;
  readonly products: string;
  readonly status: string;
  readonly statuses: Readonly<Record<OrderStatus, string>>;
  readonly noData: string;
  readonly chartSales: string;
  readonly chartTop: string;
  readonly chartOrders: string;
  readonly page: string;
}

const es: Labels = {
  voucher: { invoice: 'FACTURA', 'credit-note': 'NOTA DE CRÉDITO', 'debit-note': 'NOTA DE DÉBITO' },
  code: 'COD.',
  number: 'N°',
  issueDate: 'Fecha de emisión',
  associated: 'Comprobante asociado',
  refundLine: 'Devolución parcial',
  cuit: 'CUIT',
  grossIncome: 'Ingresos Brutos',
  activityStart: 'Inicio de actividades',
  ivaCondition: 'Condición frente al IVA',
  buyer: 'Cliente',
  finalConsumer: 'Consumidor Final',
  address: 'Domicilio',
  document: 'Documento',
  order: 'Pedido',
  sku: 'Código',
  description: 'Descripción',
  quantity: 'Cant.',
  unitPrice: 'Precio unit.',
  vatRate: 'IVA',
  subtotal: 'Subtotal',
  netTaxed: 'Importe neto gravado',
  vat: (rate) => `IVA ${rate}`,
  exempt: 'Importe exento',
  nonTaxed: 'Importe no gravado',
  otherTaxes: 'Otros tributos',
  total: 'Total',
  transparency: ['Régimen de Transparencia Fiscal al Consumidor', '(Ley 27.743)'],
  vatContained: 'IVA contenido',
  cae: 'CAE N°',
  caeDue: 'Fecha de Vto. de CAE',
  authorized: 'Comprobante autorizado por ARCA',
  pricesNet: 'Precios sin IVA',
  pricesGross: 'Precios con IVA incluido',
  notSet: '—',
  report: {
    'sales-by-day': 'Ventas por día',
    'sales-by-month': 'Ventas por mes',
    'sales-by-product': 'Ventas por producto',
    'sales-by-category': 'Ventas por categoría',
    inventory: 'Inventario',
    'orders-by-status': 'Pedidos por estado',
  },
  period: 'Período',
  snapshot: 'Stock al',
  generated: 'Generado el',
  day: 'Día',
  month: 'Mes',
  orders: 'Pedidos',
  units: 'Unidades',
  net: 'Neto',
  product: 'Producto',
  category: 'Categoría',
  uncategorized: 'Sin categoría',
  onHand: 'En stock',
  reserved: 'Reservado',
  available: 'Disponible',
  valuation: 'Valorización',
  lowStock: 'Stock bajo',
  lowStockItems: (threshold) => `Productos con stock bajo (disponible ≤ ${threshold})`,
  products: 'Productos',
  status: 'Estado',
  statuses: {
    placed: 'Reservado',
    paid: 'Pagado',
    invoiced: 'Facturado',
    shipped: 'Enviado',
    delivered: 'Entregado',
    cancelled: 'Cancelado',
    expired: 'Vencido',
    refunded: 'Reembolsado',
  },
  noData: 'No hay datos en este período.',
  chartSales: 'Ventas (total con IVA)',
  chartTop: 'Los 10 con más ventas (total con IVA)',
  chartOrders: 'Pedidos por estado',
  page: 'Página',
};

const en: Labels = {
  voucher: { invoice: 'INVOICE', 'credit-note': 'CREDIT NOTE', 'debit-note': 'DEBIT NOTE' },
  code: 'CODE',
  number: 'No.',
  issueDate: 'Issue date',
  associated: 'Associated voucher',
  refundLine: 'Partial refund',
  cuit: 'CUIT',
  grossIncome: 'Gross income no.',
  activityStart: 'Start of activities',
  ivaCondition: 'VAT status',
  buyer: 'Customer',
  finalConsumer: 'Final consumer',
  address: 'Address',
  document: 'Document',
  order: 'Order',
  sku: 'Code',
  description: 'Description',
  quantity: 'Qty',
  unitPrice: 'Unit price',
  vatRate: 'VAT',
  subtotal: 'Subtotal',
  netTaxed: 'Net taxed amount',
  vat: (rate) => `VAT ${rate}`,
  exempt: 'Exempt amount',
  nonTaxed: 'Non-taxed amount',
  otherTaxes: 'Other taxes',
  total: 'Total',
  transparency: ['Consumer tax transparency regime', '(Law 27,743)'],
  vatContained: 'VAT included',
  cae: 'CAE No.',
  caeDue: 'CAE due date',
  authorized: 'Voucher authorized by ARCA',
  pricesNet: 'Prices before VAT',
  pricesGross: 'Prices include VAT',
  notSet: '—',
  report: {
    'sales-by-day': 'Sales by day',
    'sales-by-month': 'Sales by month',
    'sales-by-product': 'Sales by product',
    'sales-by-category': 'Sales by category',
    inventory: 'Inventory',
    'orders-by-status': 'Orders by status',
  },
  period: 'Period',
  snapshot: 'Stock as of',
  generated: 'Generated on',
  day: 'Day',
  month: 'Month',
  orders: 'Orders',
  units: 'Units',
  net: 'Net',
  product: 'Product',
  category: 'Category',
  uncategorized: 'Uncategorized',
  onHand: 'On hand',
  reserved: 'Reserved',
  available: 'Available',
  valuation: 'Valuation',
  lowStock: 'Low stock',
  lowStockItems: (threshold) => `Products running low (available ≤ ${threshold})`,
  products: 'Products',
  status: 'Status',
  statuses: {
    placed: 'Placed',
    paid: 'Paid',
    invoiced: 'Invoiced',
    shipped: 'Shipped',
    delivered: 'Delivered',
    cancelled: 'Cancelled',
    expired: 'Expired',
    refunded: 'Refunded',
  },
  noData: 'No data in this period.',
  chartSales: 'Sales (total incl. VAT)',
  chartTop: 'Top 10 by sales (total incl. VAT)',
  chartOrders: 'Orders by status',
  page: 'Page',
};

export const LABELS: Readonly<Record<Locale, Labels>> = { es, en };
