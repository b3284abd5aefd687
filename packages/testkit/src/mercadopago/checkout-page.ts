import type { MpPreference } from './api-shapes.js';

const escapeHtml = (text: string): string =>
  text.replace(/[&<>"']/g, (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[char] ?? char);

const pesos = (amount: number): string => `$ ${amount.toLocaleString('es-AR', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;

const STYLE = `body{font-family:system-ui,sans-serif;background:#f5f5f5;margin:0;padding:2rem;color:#333}
main{max-width:28rem;margin:auto;background:#fff;border-radius:8px;padding:1.5rem;box-shadow:0 1px 4px #0002}
h1{font-size:1.2rem;margin-top:0}.sandbox{background:#fff3cd;padding:.5rem;border-radius:4px;font-size:.85rem}
table{width:100%;border-collapse:collapse;margin:1rem 0}td{padding:.25rem 0}td.r{text-align:right}
tr.total td{border-top:1px solid #ddd;font-weight:bold}button{display:block;width:100%;margin:.5rem 0;padding:.75rem;border:0;border-radius:6px;font-size:1rem;cursor:pointer}
.approve{background:#009ee3;color:#fff}.reject{background:#e74c3c;color:#fff}.pending{background:#ddd}`;

const page = (title: string, body: string): string =>
  `<!doctype html><html lang="es"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(title)}</title><style>${STYLE}</style></head><body><main>${body}</main></body></html>`;

/** The sandbox checkout at a preference's `init_point`: the items, the total and three buttons. */
export const checkoutPageHtml = (preference: MpPreference, payAction: string): string => {
  const rows = preference.items
    .map(
      (item) =>
        `<tr><td>${item.quantity} × ${escapeHtml(item.title)}</td><td class="r">${pesos(item.quantity * item.unit_price)}</td></tr>`,
    )
    .join('');
  const total = preference.items.reduce((sum, item) => sum + Math.round(item.quantity * item.unit_price * 100), 0) / 100;
  const button = (decision: string, label: string): string =>
    `<button class="${decision}" type="submit" name="decision" value="${decision}">${escapeHtml(label)}</button>`;
  return page(
    'Mercado Pago (emulador)',
    `<p class="sandbox">Emulador local de Mercado Pago: ningún dinero real se mueve.</p>
<h1>Pagá tu compra</h1><table>${rows}<tr class="total"><td>Total</td><td class="r">${pesos(total)}</td></tr></table>
<form method="post" action="${escapeHtml(payAction)}"><input type="hidden" name="pref_id" value="${escapeHtml(preference.id)}">
<input type="hidden" name="email" value="${escapeHtml(preference.payer.email || 'test_user@testuser.com')}">
${button('approve', 'Pagar (aprobar)')}${button('reject', 'Pagar con tarjeta rechazada')}${button('pending', 'Pagar en efectivo (queda pendiente)')}</form>`,
  );
};

/** What the payer sees after paying, with the way back to the shop. */
export const paymentResultHtml = (status: string, paymentId: number, backUrl: string | null): string =>
  page(
    'Mercado Pago (emulador)',
    `<h1>${status === 'approved' ? '¡Listo! Tu pago fue aprobado' : status === 'rejected' ? 'Tu pago fue rechazado' : 'Tu pago quedó pendiente'}</h1>
<p>Operación #${paymentId} · estado <strong>${escapeHtml(status)}</strong></p>
${backUrl ? `<p><a href="${escapeHtml(backUrl)}">Volver al comercio</a></p>` : '<p>Ya podés volver al chat.</p>'}`,
  );

export const errorPageHtml = (message: string): string =>
  page('Mercado Pago (emulador)', `<h1>No se puede pagar</h1><p>${escapeHtml(message)}</p>`);
