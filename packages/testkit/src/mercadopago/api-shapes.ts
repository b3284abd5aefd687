/*
 * The JSON Mercado Pago's API answers, as far as the emulator produces them. Amounts are decimal
 * numbers (pesos with up to two decimals) on the wire, as in the real API; the emulator keeps
 * centavos internally and converts at the edge.
 */

export interface MpErrorBody {
  readonly message: string;
  readonly error: string;
  readonly status: number;
  readonly cause: readonly { readonly code: number | string; readonly description: string; readonly data: string | null }[];
}

export interface MpItem {
  readonly id?: string;
  readonly title: string;
  readonly description?: string;
  readonly quantity: number;
  readonly unit_price: number;
  readonly currency_id: string;
}

export interface MpPreference {
  readonly id: string;
  readonly collector_id: number;
  readonly client_id: string;
  readonly operation_type: 'regular_payment';
  readonly items: readonly MpItem[];
  readonly payer: { readonly email: string };
  readonly back_urls: { readonly success: string; readonly failure: string; readonly pending: string };
  readonly auto_return: string;
  readonly notification_url: string | null;
  readonly external_reference: string;
  readonly metadata: Readonly<Record<string, unknown>>;
  readonly expires: boolean;
  readonly expiration_date_from: string | null;
  readonly expiration_date_to: string | null;
  readonly date_created: string;
  readonly init_point: string;
  readonly sandbox_init_point: string;
}

export interface MpRefund {
  readonly id: number;
  readonly payment_id: number;
  readonly amount: number;
  readonly metadata: Readonly<Record<string, unknown>>;
  readonly source: { readonly id: string; readonly name: string; readonly type: 'collector' };
  readonly date_created: string;
  readonly unique_sequence_number: null;
  readonly refund_mode: 'standard';
  readonly adjustment_amount: 0;
  readonly status: 'approved';
  readonly reason: null;
  readonly labels: readonly string[];
  readonly amount_refunded_to_payer: number;
}

export interface MpPayment {
  readonly id: number;
  readonly date_created: string;
  readonly date_approved: string | null;
  readonly date_last_updated: string;
  readonly money_release_date: string | null;
  readonly operation_type: 'regular_payment';
  readonly payment_method_id: string;
  readonly payment_type_id: string;
  readonly status: string;
  readonly status_detail: string;
  readonly currency_id: string;
  readonly description: string;
  readonly live_mode: false;
  readonly collector_id: number;
  readonly payer: { readonly id: string; readonly email: string; readonly type: 'guest' };
  readonly metadata: Readonly<Record<string, unknown>>;
  readonly order: { readonly id: string; readonly type: 'mercadopago' };
  readonly external_reference: string;
  readonly transaction_amount: number;
  readonly transaction_amount_refunded: number;
  readonly installments: 1;
  readonly transaction_details: {
    readonly total_paid_amount: number;
    readonly net_received_amount: number;
    readonly installment_amount: number;
    readonly overpaid_amount: 0;
  };
  readonly refunds: readonly MpRefund[];
  readonly captured: true;
  readonly binary_mode: false;
}

export interface MpMerchantOrder {
  readonly id: number;
  readonly status: 'opened' | 'closed';
  readonly external_reference: string;
  readonly preference_id: string;
  readonly payments: readonly {
    readonly id: number;
    readonly transaction_amount: number;
    readonly total_paid_amount: number;
    readonly status: string;
    readonly status_detail: string;
    readonly currency_id: string;
    readonly date_approved: string | null;
    readonly amount_refunded: number;
  }[];
  readonly collector: { readonly id: number };
  readonly items: readonly MpItem[];
  readonly total_amount: number;
  readonly paid_amount: number;
  readonly refunded_amount: number;
  readonly order_status: 'payment_required' | 'payment_in_process' | 'paid' | 'partially_paid' | 'reverted' | 'partially_reverted';
  readonly notification_url: string | null;
  readonly date_created: string;
  readonly last_updated: string;
}

/** A webhook body (the "Webhooks" notifications, not the legacy IPN). */
export interface MpNotificationBody {
  readonly id: number;
  readonly live_mode: false;
  readonly type: string;
  readonly date_created: string;
  readonly user_id: string;
  readonly api_version: 'v1';
  readonly action: string;
  readonly data: { readonly id: string };
}

export const mpError = (status: number, error: string, message: string, cause: MpErrorBody['cause'] = []): MpErrorBody => ({
  message,
  error,
  status,
  cause,
});

/** Centavos as the decimal amount the API shows. */
export const toDecimal = (centavos: number): number => centavos / 100;

/** A decimal amount as centavos, or null when it is not a positive amount with at most two decimals. */
export const toCentavos = (amount: unknown): number | null => {
  if (typeof amount !== 'number' || !Number.isFinite(amount) || amount <= 0) return null;
  const centavos = Math.round(amount * 100);
  return Math.abs(centavos - amount * 100) < 1e-6 ? centavos : null;
};
