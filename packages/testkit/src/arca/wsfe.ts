import {
  CONCEPT_TABLE,
  CURRENCY_TABLE,
  DOCUMENT_TYPE_TABLE,
  RECEIVER_CONDITION_TABLE,
  TABLE_SINCE,
  TAX_TABLE,
  VAT_TABLE,
  VOUCHER_TYPE_TABLE,
} from './tables.js';
import { child, childrenNamed, textOf, type XmlElement, type XmlTree } from './xml.js';

/*
 * WSFEv1's voucher logic, without transport: counters per (CUIT, PtoVta, CbteTipo), the
 * validations and codes of arca.md §2, CAE assignment and FECompConsultar. Validation failures of
 * a voucher come back as its Observaciones with Resultado R, as the service does.
 */

export interface ArcaMessage {
  readonly code: number;
  readonly message: string;
}

/** A voucher the emulator authorized, as FECompConsultar returns it. */
export interface StoredVoucher {
  readonly cuit: string;
  readonly pointOfSale: number;
  readonly voucherType: number;
  readonly number: number;
  readonly concept: number;
  readonly docType: number;
  readonly docNumber: string;
  readonly date: string;
  /** Amounts in centavos. */
  readonly total: number;
  readonly nonTaxed: number;
  readonly net: number;
  readonly exempt: number;
  readonly otherTaxes: number;
  readonly vat: number;
  readonly currency: string;
  readonly rate: string;
  readonly receiverCondition: number;
  readonly vatLines: readonly { id: number; base: number; amount: number }[];
  readonly taxes: readonly { id: number; description: string; base: number; rate: string; amount: number }[];
  readonly associated: readonly { type: number; pointOfSale: number; number: number }[];
  readonly cae: string;
  readonly caeDueDate: string;
  readonly processedAt: string;
  readonly observations: readonly ArcaMessage[];
}

export const REG_X_REQ = 250;

const MSG = {
  10007: 'El campo CbteTipo no es valido. Consultar metodo FEParamGetTiposCbte.',
  10015: 'El campo DocTipo y/o DocNro son invalidos o no se corresponden con la clase de comprobante.',
  10016: 'El numero o fecha del comprobante no se corresponde con el proximo a autorizar. Consultar metodo FECompUltimoAutorizado.',
  10018: 'Si ImpIva es mayor a 0 el objeto IVA es obligatorio.',
  10019: 'El campo Id de AlicIva no es valido. Consultar metodo FEParamGetTiposIva.',
  10024: 'Si ImpTrib es mayor a 0 el objeto Tributos es obligatorio.',
  10025: 'El campo Id de Tributo no es valido. Consultar metodo FEParamGetTiposTributos.',
  10029: 'La suma de los importes de Tributos no coincide con ImpTrib.',
  10044: 'Para comprobantes clase C el campo ImpOpEx debe ser 0.',
  10048: 'El campo ImpTotal debe ser igual a la suma de ImpTotConc + ImpNeto + ImpOpEx + ImpTrib + ImpIVA.',
  10051: 'Los importes informados en AlicIva no se corresponden con los porcentajes.',
  10071: 'Para comprobantes clase C no se deben informar ImpIVA, ImpTotConc ni el objeto IVA.',
  10197: 'Para notas de credito o debito es obligatorio informar CbtesAsoc o PeriodoAsoc.',
  10217:
    'El credito fiscal discriminado en el presente comprobante solo podra ser computado a efectos del Procedimiento permanente de transicion al Regimen General.',
  10242:
    'El campo CondicionIVAReceptorId no es valido para la clase de comprobante informado. Consultar metodo FEParamGetCondicionIvaReceptor.',
  10246: 'El campo CondicionIVAReceptorId es obligatorio conforme lo reglamentado por la Resolución General N° 5616.',
  602: 'Sin Resultados: No existen datos en nuestros registros para los parametros ingresados.',
} as const;

export const msg = (code: keyof typeof MSG): ArcaMessage => ({ code, message: MSG[code] });

/** Parses a decimal amount ("121", "121.5", "121.50") into centavos; null when it is not one. */
export const centavos = (text: string | undefined): number | null => {
  if (text === undefined || text === '') return 0;
  const match = /^(-?)(\d+)(?:\.(\d{1,2})0*)?$/.exec(text.trim());
  if (!match) return null;
  const cents = Number(match[2]) * 100 + Number((match[3] ?? '').padEnd(2, '0'));
  return match[1] === '-' ? -cents : cents;
};

export const decimal = (cents: number): string => {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
};

const intOf = (text: string | undefined): number | null => (text !== undefined && /^\d+$/.test(text) ? Number(text) : null);

const cuitCheckDigitValid = (cuit: string): boolean => {
  if (!/^\d{11}$/.test(cuit)) return false;
  const weights = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2];
  const sum = weights.reduce((acc, w, i) => acc + w * Number(cuit[i]), 0);
  const mod = 11 - (sum % 11);
  const digit = mod === 11 ? 0 : mod === 10 ? 9 : mod;
  return digit === Number(cuit[10]);
};

const addDays = (yyyymmdd: string, days: number): string => {
  const date = new Date(Date.UTC(Number(yyyymmdd.slice(0, 4)), Number(yyyymmdd.slice(4, 6)) - 1, Number(yyyymmdd.slice(6, 8))));
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10).replace(/-/g, '');
};

/** Argentine time (UTC−03:00), the zone ARCA dates vouchers in. */
const argentina = (now: Date): string => new Date(now.getTime() - 3 * 3_600_000).toISOString();
export const today = (now: Date): string => argentina(now).slice(0, 10).replace(/-/g, '');
const processedAt = (now: Date): string => argentina(now).slice(0, 19).replace(/[-T:]/g, '');

export class WsfeBook {
  private readonly sequences = new Map<string, StoredVoucher[]>();
  private caeCounter = 0;

  private key(cuit: string, pointOfSale: number, voucherType: number): string {
    return `${cuit}:${pointOfSale}:${voucherType}`;
  }

  vouchers(cuit: string, pointOfSale: number, voucherType: number): readonly StoredVoucher[] {
    return this.sequences.get(this.key(cuit, pointOfSale, voucherType)) ?? [];
  }

  last(cuit: string, pointOfSale: number, voucherType: number): number {
    const list = this.vouchers(cuit, pointOfSale, voucherType);
    return list[list.length - 1]?.number ?? 0;
  }

  find(cuit: string, pointOfSale: number, voucherType: number, number: number): StoredVoucher | undefined {
    return this.vouchers(cuit, pointOfSale, voucherType).find((v) => v.number === number);
  }

  /** FECAESolicitar for an authenticated CUIT. */
  solicitar(cuit: string, request: XmlElement | undefined, now: Date): XmlTree {
    const cab = child(request, 'FeCabReq');
    const count = intOf(textOf(cab, 'CantReg'));
    const pointOfSale = intOf(textOf(cab, 'PtoVta'));
    const voucherType = intOf(textOf(cab, 'CbteTipo'));
    const details = childrenNamed(child(request, 'FeDetReq'), 'FECAEDetRequest');
    const errors: ArcaMessage[] = [];
    const typeRow = VOUCHER_TYPE_TABLE.find((row) => row.id === voucherType);
    if (count === null || count < 1 || count !== details.length) {
      errors.push({ code: 10001, message: 'El campo CantReg no se corresponde con la cantidad de FECAEDetRequest informados.' });
    } else if (count > REG_X_REQ) {
      errors.push({
        code: 10002,
        message: `La cantidad de registros informados supera el maximo permitido (${REG_X_REQ}). Consultar FECompTotXRequest.`,
      });
    }
    if (pointOfSale === null || pointOfSale < 1 || pointOfSale > 99_999) {
      errors.push({ code: 10004, message: 'El campo PtoVta no es valido.' });
    }
    if (!typeRow) errors.push(msg(10007));
    const fchProceso = processedAt(now);
    if (errors.length > 0 || pointOfSale === null || voucherType === null || !typeRow) {
      return {
        FeCabResp: {
          Cuit: cuit,
          PtoVta: pointOfSale ?? 0,
          CbteTipo: voucherType ?? 0,
          FchProceso: fchProceso,
          CantReg: count ?? 0,
          Resultado: 'R',
          Reproceso: 'N',
        },
        Errors: { Err: errors.map((e) => ({ Code: e.code, Msg: e.message })) },
      };
    }
    const results = details.map((detail) => this.authorizeOne(cuit, pointOfSale, typeRow, detail, now, fchProceso));
    const approved = results.filter((r) => r.Resultado === 'A').length;
    return {
      FeCabResp: {
        Cuit: cuit,
        PtoVta: pointOfSale,
        CbteTipo: voucherType,
        FchProceso: fchProceso,
        CantReg: details.length,
        Resultado: approved === results.length ? 'A' : approved === 0 ? 'R' : 'P',
        Reproceso: 'N',
      },
      FeDetResp: { FECAEDetResponse: results },
    };
  }

  private authorizeOne(
    cuit: string,
    pointOfSale: number,
    typeRow: (typeof VOUCHER_TYPE_TABLE)[number],
    detail: XmlElement,
    now: Date,
    fchProceso: string,
  ): XmlTree & { Resultado: string } {
    const concept = intOf(textOf(detail, 'Concepto')) ?? 0;
    const docType = intOf(textOf(detail, 'DocTipo')) ?? 0;
    const docNumber = textOf(detail, 'DocNro') ?? '';
    const from = intOf(textOf(detail, 'CbteDesde')) ?? 0;
    const to = intOf(textOf(detail, 'CbteHasta')) ?? 0;
    const date = textOf(detail, 'CbteFch') || today(now);
    const echo = { Concepto: concept, DocTipo: docType, DocNro: docNumber, CbteDesde: from, CbteHasta: to, CbteFch: date };
    const reject = (observations: ArcaMessage[]) => ({
      ...echo,
      Resultado: 'R',
      Observaciones: { Obs: observations.map((o) => ({ Code: o.code, Msg: o.message })) },
      CAE: '',
      CAEFchVto: '',
    });

    const observations: ArcaMessage[] = [];
    const previous = this.vouchers(cuit, pointOfSale, typeRow.id);
    const last = previous[previous.length - 1];
    const dateValid =
      /^\d{8}$/.test(date) &&
      date >= addDays(today(now), -5) &&
      date <= addDays(today(now), 5) &&
      (last === undefined || date >= last.date);
    if (from !== to || from !== (last?.number ?? 0) + 1 || !dateValid) observations.push(msg(10016));

    const docValid =
      DOCUMENT_TYPE_TABLE.some((row) => row.id === docType) &&
      /^\d{1,11}$/.test(docNumber) &&
      (docType === 99 ? Number(docNumber) === 0 : Number(docNumber) > 0) &&
      (docType !== 80 || cuitCheckDigitValid(docNumber)) &&
      (typeRow.letter !== 'A' || docType === 80);
    if (!docValid) observations.push(msg(10015));

    const conditionText = textOf(detail, 'CondicionIVAReceptorId');
    const condition = intOf(conditionText);
    if (conditionText === undefined || conditionText === '') observations.push(msg(10246));
    else {
      const row = RECEIVER_CONDITION_TABLE.find((r) => r.id === condition);
      if (!row?.classes.includes(typeRow.letter)) observations.push(msg(10242));
    }

    const amounts = {
      total: centavos(textOf(detail, 'ImpTotal')),
      nonTaxed: centavos(textOf(detail, 'ImpTotConc')),
      net: centavos(textOf(detail, 'ImpNeto')),
      exempt: centavos(textOf(detail, 'ImpOpEx')),
      otherTaxes: centavos(textOf(detail, 'ImpTrib')),
      vat: centavos(textOf(detail, 'ImpIVA')),
    };
    const { total, nonTaxed, net, exempt, otherTaxes, vat } = amounts;
    const vatLines = childrenNamed(child(detail, 'Iva'), 'AlicIva').map((line) => ({
      id: intOf(textOf(line, 'Id')) ?? -1,
      base: centavos(textOf(line, 'BaseImp')),
      amount: centavos(textOf(line, 'Importe')),
    }));
    const taxes = childrenNamed(child(detail, 'Tributos'), 'Tributo').map((line) => ({
      id: intOf(textOf(line, 'Id')) ?? -1,
      description: textOf(line, 'Desc') ?? '',
      base: centavos(textOf(line, 'BaseImp')) ?? 0,
      rate: textOf(line, 'Alic') ?? '0',
      amount: centavos(textOf(line, 'Importe')),
    }));
    if (total === null || nonTaxed === null || net === null || exempt === null || otherTaxes === null || vat === null) {
      observations.push(msg(10048));
      return reject(observations);
    }

    if (typeRow.letter === 'C') {
      if (exempt !== 0) observations.push(msg(10044));
      if (vat !== 0 || nonTaxed !== 0 || vatLines.length > 0) observations.push(msg(10071));
      if (total !== net + otherTaxes + nonTaxed + exempt + vat) observations.push(msg(10048));
    } else {
      if (total !== nonTaxed + net + exempt + otherTaxes + vat) observations.push(msg(10048));
      if ((vat > 0 || net > 0) && vatLines.length === 0) observations.push(msg(10018));
      else if (vatLines.length > 0) {
        const unknown = vatLines.some((line) => !VAT_TABLE.some((row) => row.id === line.id));
        if (unknown) observations.push(msg(10019));
        else {
          const rounded = vatLines.every((line) => {
            const rate = VAT_TABLE.find((row) => row.id === line.id)?.basisPoints ?? 0;
            if (line.base === null || line.amount === null) return false;
            return line.amount === Math.round((line.base * rate) / 10_000);
          });
          const sumAmount = vatLines.reduce((acc, line) => acc + (line.amount ?? 0), 0);
          const sumBase = vatLines.reduce((acc, line) => acc + (line.base ?? 0), 0);
          if (!rounded || sumAmount !== vat || sumBase !== net) observations.push(msg(10051));
        }
      }
    }
    if (otherTaxes > 0 && taxes.length === 0) observations.push(msg(10024));
    else if (taxes.length > 0) {
      if (taxes.some((t) => !TAX_TABLE.some((row) => row.id === t.id))) observations.push(msg(10025));
      else if (taxes.reduce((acc, t) => acc + (t.amount ?? Number.NaN), 0) !== otherTaxes) observations.push(msg(10029));
    }
    const associated = childrenNamed(child(detail, 'CbtesAsoc'), 'CbteAsoc').map((a) => ({
      type: intOf(textOf(a, 'Tipo')) ?? 0,
      pointOfSale: intOf(textOf(a, 'PtoVta')) ?? 0,
      number: intOf(textOf(a, 'Nro')) ?? 0,
    }));
    if (typeRow.note && associated.length === 0 && child(detail, 'PeriodoAsoc') === undefined) observations.push(msg(10197));

    if (observations.length > 0) return reject(observations);

    const notices: ArcaMessage[] = [];
    if (typeRow.letter === 'A' && condition !== null && [6, 13, 16].includes(condition)) notices.push(msg(10217));
    this.caeCounter += 1;
    const cae = `7${String(Number(date.slice(2)) % 1_000_000).padStart(6, '0')}${String(this.caeCounter).padStart(7, '0')}`.slice(0, 14);
    const caeDueDate = addDays(date, 10);
    const stored: StoredVoucher = {
      cuit,
      pointOfSale,
      voucherType: typeRow.id,
      number: from,
      concept,
      docType,
      docNumber,
      date,
      total,
      nonTaxed,
      net,
      exempt,
      otherTaxes,
      vat,
      currency: textOf(detail, 'MonId') ?? 'PES',
      rate: textOf(detail, 'MonCotiz') ?? '1',
      receiverCondition: condition ?? 0,
      vatLines: vatLines.map((line) => ({ id: line.id, base: line.base ?? 0, amount: line.amount ?? 0 })),
      taxes: taxes.map((t) => ({ ...t, amount: t.amount ?? 0 })),
      associated,
      cae,
      caeDueDate,
      processedAt: fchProceso,
      observations: notices,
    };
    const key = this.key(cuit, pointOfSale, typeRow.id);
    this.sequences.set(key, [...previous, stored]);
    return {
      ...echo,
      Resultado: 'A',
      ...(notices.length > 0 ? { Observaciones: { Obs: notices.map((o) => ({ Code: o.code, Msg: o.message })) } } : {}),
      CAE: cae,
      CAEFchVto: caeDueDate,
    };
  }

  /** FECompConsultar's ResultGet, or null (602). */
  consultar(cuit: string, request: XmlElement | undefined): XmlTree | null {
    const type = intOf(textOf(request, 'CbteTipo'));
    const number = intOf(textOf(request, 'CbteNro'));
    const pointOfSale = intOf(textOf(request, 'PtoVta'));
    if (type === null || number === null || pointOfSale === null) return null;
    const v = this.find(cuit, pointOfSale, type, number);
    if (!v) return null;
    return {
      Concepto: v.concept,
      DocTipo: v.docType,
      DocNro: v.docNumber,
      CbteDesde: v.number,
      CbteHasta: v.number,
      CbteFch: v.date,
      ImpTotal: decimal(v.total),
      ImpTotConc: decimal(v.nonTaxed),
      ImpNeto: decimal(v.net),
      ImpOpEx: decimal(v.exempt),
      ImpTrib: decimal(v.otherTaxes),
      ImpIVA: decimal(v.vat),
      FchServDesde: '',
      FchServHasta: '',
      FchVtoPago: '',
      MonId: v.currency,
      MonCotiz: v.rate,
      CondicionIVAReceptorId: v.receiverCondition,
      ...(v.associated.length > 0
        ? { CbtesAsoc: { CbteAsoc: v.associated.map((a) => ({ Tipo: a.type, PtoVta: a.pointOfSale, Nro: a.number })) } }
        : {}),
      ...(v.taxes.length > 0
        ? {
            Tributos: {
              Tributo: v.taxes.map((t) => ({
                Id: t.id,
                Desc: t.description,
                BaseImp: decimal(t.base),
                Alic: t.rate,
                Importe: decimal(t.amount),
              })),
            },
          }
        : {}),
      ...(v.vatLines.length > 0
        ? { Iva: { AlicIva: v.vatLines.map((l) => ({ Id: l.id, BaseImp: decimal(l.base), Importe: decimal(l.amount) })) } }
        : {}),
      Resultado: 'A',
      CodAutorizacion: v.cae,
      EmisionTipo: 'CAE',
      FchVto: v.caeDueDate,
      FchProceso: v.processedAt,
      ...(v.observations.length > 0 ? { Observaciones: { Obs: v.observations.map((o) => ({ Code: o.code, Msg: o.message })) } } : {}),
      PtoVta: v.pointOfSale,
      CbteTipo: v.voucherType,
    };
  }
}

/** The FEParamGet* answers: method → ResultGet. */
export const parameterTables = (pointsOfSale: readonly number[], receiverClass: string | undefined): Record<string, XmlTree> => ({
  FEParamGetTiposCbte: { CbteTipo: VOUCHER_TYPE_TABLE.map((r) => ({ Id: r.id, Desc: r.desc, FchDesde: TABLE_SINCE, FchHasta: 'NULL' })) },
  FEParamGetTiposIva: { IvaTipo: VAT_TABLE.map((r) => ({ Id: r.id, Desc: r.desc, FchDesde: TABLE_SINCE, FchHasta: 'NULL' })) },
  FEParamGetTiposDoc: { DocTipo: DOCUMENT_TYPE_TABLE.map((r) => ({ Id: r.id, Desc: r.desc, FchDesde: TABLE_SINCE, FchHasta: 'NULL' })) },
  FEParamGetTiposConcepto: {
    ConceptoTipo: CONCEPT_TABLE.map((r) => ({ Id: r.id, Desc: r.desc, FchDesde: TABLE_SINCE, FchHasta: 'NULL' })),
  },
  FEParamGetTiposMonedas: { Moneda: CURRENCY_TABLE.map((r) => ({ Id: r.id, Desc: r.desc, FchDesde: TABLE_SINCE, FchHasta: 'NULL' })) },
  FEParamGetTiposTributos: { TributoTipo: TAX_TABLE.map((r) => ({ Id: r.id, Desc: r.desc, FchDesde: TABLE_SINCE, FchHasta: 'NULL' })) },
  FEParamGetPtosVenta: { PtoVenta: pointsOfSale.map((n) => ({ Nro: n, EmisionTipo: 'CAE', Bloqueado: 'N', FchBaja: 'NULL' })) },
  FEParamGetCondicionIvaReceptor: {
    CondicionIvaReceptor: RECEIVER_CONDITION_TABLE.filter((r) => receiverClass === undefined || r.classes.includes(receiverClass)).map(
      (r) => ({
        Id: r.id,
        Desc: r.desc,
        Cmp_Clase: r.classes.join('/'),
      }),
    ),
  },
});
