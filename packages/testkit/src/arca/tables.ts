/** ARCA's parameter tables as WSFEv1 answers them (arca.md §2), and what the emulator validates against. */

const SINCE = '20100917';

export const VOUCHER_TYPE_TABLE: readonly { id: number; desc: string; letter: 'A' | 'B' | 'C' | 'M'; note: boolean }[] = [
  { id: 1, desc: 'Factura A', letter: 'A', note: false },
  { id: 2, desc: 'Nota de Débito A', letter: 'A', note: true },
  { id: 3, desc: 'Nota de Crédito A', letter: 'A', note: true },
  { id: 4, desc: 'Recibo A', letter: 'A', note: false },
  { id: 6, desc: 'Factura B', letter: 'B', note: false },
  { id: 7, desc: 'Nota de Débito B', letter: 'B', note: true },
  { id: 8, desc: 'Nota de Crédito B', letter: 'B', note: true },
  { id: 9, desc: 'Recibo B', letter: 'B', note: false },
  { id: 11, desc: 'Factura C', letter: 'C', note: false },
  { id: 12, desc: 'Nota de Débito C', letter: 'C', note: true },
  { id: 13, desc: 'Nota de Crédito C', letter: 'C', note: true },
  { id: 15, desc: 'Recibo C', letter: 'C', note: false },
  { id: 51, desc: 'Factura M', letter: 'M', note: false },
  { id: 52, desc: 'Nota de Débito M', letter: 'M', note: true },
  { id: 53, desc: 'Nota de Crédito M', letter: 'M', note: true },
  { id: 54, desc: 'Recibo M', letter: 'M', note: false },
];

/** IVA Id → rate in basis points. */
export const VAT_TABLE: readonly { id: number; desc: string; basisPoints: number }[] = [
  { id: 3, desc: '0%', basisPoints: 0 },
  { id: 4, desc: '10.5%', basisPoints: 1050 },
  { id: 5, desc: '21%', basisPoints: 2100 },
  { id: 6, desc: '27%', basisPoints: 2700 },
  { id: 8, desc: '5%', basisPoints: 500 },
  { id: 9, desc: '2.5%', basisPoints: 250 },
];

export const DOCUMENT_TYPE_TABLE: readonly { id: number; desc: string }[] = [
  { id: 80, desc: 'CUIT' },
  { id: 86, desc: 'CUIL' },
  { id: 87, desc: 'CDI' },
  { id: 94, desc: 'Pasaporte' },
  { id: 96, desc: 'DNI' },
  { id: 99, desc: 'Doc. (Otro)' },
];

export const CONCEPT_TABLE: readonly { id: number; desc: string }[] = [
  { id: 1, desc: 'Producto' },
  { id: 2, desc: 'Servicios' },
  { id: 3, desc: 'Productos y Servicios' },
];

export const CURRENCY_TABLE: readonly { id: string; desc: string }[] = [
  { id: 'PES', desc: 'Pesos Argentinos' },
  { id: 'DOL', desc: 'Dólar Estadounidense' },
];

export const TAX_TABLE: readonly { id: number; desc: string }[] = [
  { id: 1, desc: 'Impuestos nacionales' },
  { id: 2, desc: 'Impuestos provinciales' },
  { id: 3, desc: 'Impuestos municipales' },
  { id: 4, desc: 'Impuestos Internos' },
  { id: 99, desc: 'Otro' },
];

/** CondicionIVAReceptorId (RG 5616) and the voucher classes each may receive. */
export const RECEIVER_CONDITION_TABLE: readonly { id: number; desc: string; classes: readonly string[] }[] = [
  { id: 1, desc: 'IVA Responsable Inscripto', classes: ['A', 'M', 'C'] },
  { id: 6, desc: 'Responsable Monotributo', classes: ['A', 'M', 'C'] },
  { id: 13, desc: 'Monotributista Social', classes: ['A', 'M', 'C'] },
  { id: 16, desc: 'Monotributo Trabajador Independiente Promovido', classes: ['A', 'M', 'C'] },
  { id: 4, desc: 'IVA Sujeto Exento', classes: ['B', 'C'] },
  { id: 5, desc: 'Consumidor Final', classes: ['B', 'C'] },
  { id: 7, desc: 'Sujeto No Categorizado', classes: ['B', 'C'] },
  { id: 8, desc: 'Proveedor del Exterior', classes: ['B', 'C'] },
  { id: 9, desc: 'Cliente del Exterior', classes: ['B', 'C'] },
  { id: 10, desc: 'IVA Liberado – Ley N° 19.640', classes: ['B', 'C'] },
  { id: 15, desc: 'IVA No Alcanzado', classes: ['B', 'C'] },
];

export const TABLE_SINCE = SINCE;
