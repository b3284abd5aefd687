/** ARCA document types (DocTipo). */
export const DOCUMENT_TYPES = { CUIT: 80, CUIL: 86, CDI: 87, PASAPORTE: 94, DNI: 96, OTHER: 99 } as const;
export type DocumentType = keyof typeof DOCUMENT_TYPES;

/** IVA conditions of the receiver (RG 5616, CondicionIVAReceptorId). */
export const IVA_CONDITIONS = {
  RESPONSABLE_INSCRIPTO: 1,
  SUJETO_EXENTO: 4,
  CONSUMIDOR_FINAL: 5,
  MONOTRIBUTO: 6,
  NO_CATEGORIZADO: 7,
  PROVEEDOR_EXTERIOR: 8,
  CLIENTE_EXTERIOR: 9,
  IVA_LIBERADO: 10,
  MONOTRIBUTISTA_SOCIAL: 13,
  IVA_NO_ALCANZADO: 15,
  MONOTRIBUTO_TRABAJADOR_PROMOVIDO: 16,
} as const;
export type IvaCondition = keyof typeof IVA_CONDITIONS;

export interface TaxProfile {
  readonly documentType: DocumentType;
  /** Digits only. */
  readonly documentNumber: string;
  readonly ivaCondition: IvaCondition;
  readonly legalName: string;
  readonly address: string;
}
