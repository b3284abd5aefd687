/*
 * Notification, offer and consent texts, es-AR (the default; `NotifyCatalog` is its shape). Kept
 * apart from the conversation catalogs so they change on their own. Parameters arrive escaped and
 * formatted (money, names); button labels are plain text.
 */

const units = (n: number): string => (n === 1 ? '1 producto' : `${n} productos`);

export const notifyEs = {
  order: {
    placed: (number: number, total: string, minutes: number) =>
      `🧾 Recibimos tu pedido *#${number}* por *${total}*.\nTe reservamos el stock por ${minutes} minutos: pagalo antes de que venza.`,
    paid: (number: number, total: string, pickup: boolean) =>
      `✅ Recibimos tu pago de *${total}* del pedido *#${number}*. ¡Gracias! ${pickup ? 'Te avisamos cuando esté listo para retirar.' : 'Te avisamos cuando salga.'}`,
    invoiced: (number: number) => `🧾 La factura de tu pedido *#${number}* está lista.`,
    shipped: (number: number) => `🚚 ¡Tu pedido *#${number}* está en camino!`,
    delivered: (number: number) => `📬 Tu pedido *#${number}* fue entregado. ¡Que lo disfrutes!`,
    readyForPickup: (number: number) => `📦 ¡Tu pedido *#${number}* está listo para retirar en el local!`,
    pickedUp: (number: number) => `✅ Retiraste tu pedido *#${number}*. ¡Gracias y que lo disfrutes!`,
    cancelled: (number: number) => `❌ Tu pedido *#${number}* fue cancelado y liberamos su stock.`,
    cancelledReason: (reason: string) => `Motivo: _${reason}_`,
    expiring: (number: number, minutes: number) =>
      `⏳ La reserva de tu pedido *#${number}* vence en ${minutes === 1 ? '1 minuto' : `${minutes} minutos`}. Pagalo para no perderla.`,
    expired: (number: number) =>
      `⌛ La reserva de tu pedido *#${number}* venció y liberamos el stock. Si todavía lo querés, armalo de nuevo desde el catálogo.`,
    refunded: (number: number, total: string) => `↩️ Te reintegramos *${total}* del pedido *#${number}*.`,
    view: '📦 Ver pedido',
  },
  invoice: {
    /** "Factura B 00001-00000001", "Nota de crédito B 00001-00000002". */
    voucher: (kind: 'invoice' | 'credit-note' | 'debit-note', letter: string, number: string) =>
      `${kind === 'invoice' ? 'Factura' : kind === 'credit-note' ? 'Nota de crédito' : 'Nota de débito'} ${letter} ${number}`,
    authorized: (order: number, voucher: string, total: string, cae: string) =>
      `🧾 Ya está tu factura del pedido *#${order}*: *${voucher}* por *${total}*.\nCAE ${cae}.`,
    creditNote: (order: number, voucher: string, total: string, original: string | null) =>
      `↩️ Emitimos la *${voucher}* por *${total}* del pedido *#${order}*${original ? `, que anula esa parte de la ${original}` : ''}.`,
    attached: 'Te la mandamos en PDF.',
    /** To staff: ARCA refused a voucher; the order stays paid until it is retried. */
    rejected: (voucher: string, order: number, reasons: string) =>
      `⚠️ ARCA rechazó la *${voucher}* del pedido *#${order}*: ${reasons}\nEl pedido sigue pagado: corregí la causa y reintentalo desde el pedido.`,
  },
  staff: {
    newOrder: (number: number, total: string, customer: string, items: number) =>
      `🛎️ Nuevo pedido *#${number}* de ${customer}: *${total}* (${units(items)}).`,
    view: '📋 Ver pedido',
  },
  stock: {
    backInStock: (name: string) => `🎉 ¡Volvió *${name}*! Ya hay stock otra vez.`,
    view: '👀 Ver producto',
    notifyMe: '🔔 Avisame cuando haya',
    subscribed: (name: string) => `🔔 Listo, te aviso cuando vuelva *${name}*.`,
    alreadySubscribed: (name: string) => `🔔 Ya te anoté: te aviso cuando vuelva *${name}*.`,
  },
  offers: {
    optOut: '🔕 No quiero más ofertas',
    optIn: '🔔 Avisame de las ofertas',
    viewProduct: (name: string) => `👀 ${name}`,
    optedOut: '🔕 Listo, no te mandamos más ofertas. Si cambiás de idea, mandá /alta.',
    optedIn: '🔔 ¡Listo! Te vamos a avisar de las ofertas. Para dejar de recibirlas, mandá /baja.',
    productLine: (name: string, price: string) => `🛍️ *${name}* — ${price}`,
    productWas: (name: string, price: string, was: string) => `🛍️ *${name}* — ${price} ~~${was}~~`,
  },
  campaigns: {
    menu: '📣 Campañas',
    title: '📣 *Campañas*',
    none: 'Todavía no hay campañas.',
    create: '➕ Nueva campaña',
    line: (name: string, status: string, sent: number, total: number) => `${name} — ${status} (${sent}/${total})`,
    detail: (name: string, status: string) => `📣 *${name}*\nEstado: ${status}`,
    scheduledFor: (when: string) => `Programada: ${when}`,
    progress: (p: { total: number; queued: number; sent: number; failed: number; blocked: number; skipped: number; uncertain: number }) =>
      `Destinatarios: ${p.total}\n⏳ En cola: ${p.queued}\n✅ Enviados: ${p.sent}\n⚠️ Fallidos: ${p.failed}\n🚫 Bloquearon el bot: ${p.blocked}\n⏭️ Omitidos: ${p.skipped}` +
      (p.uncertain > 0 ? `\n❔ Sin confirmar (no se reenvían): ${p.uncertain}` : ''),
    refresh: '🔄 Actualizar',
    pause: '⏸️ Pausar',
    resume: '▶️ Reanudar',
    cancel: '✖️ Cancelar campaña',
    askText: '✍️ Escribí el texto de la oferta (podés usar *negrita* y _cursiva_).',
    askSegment: '👥 ¿A quién se la mandamos? (solo a quienes aceptaron recibir ofertas)',
    segmentAll: 'A todos',
    segmentEs: 'Clientes en español',
    segmentEn: 'Clientes en inglés',
    segmentCategory: (name: string) => `Compraron ${name}`,
    askProducts: '🛍️ ¿Sumamos las ofertas vigentes como tarjetas de producto?',
    withOffers: (n: number) => `Sí, ${units(n)} en oferta`,
    withoutProducts: 'No, solo el texto',
    askSchedule: '🕒 ¿Cuándo la mandamos?',
    now: 'Ahora',
    inOneHour: 'En 1 hora',
    tomorrowMorning: 'Mañana 10:00',
    confirm: (segment: string, products: number, when: string) =>
      `📣 *Revisá la campaña*\nPara: ${segment}\nProductos: ${products}\nCuándo: ${when}\n\nAsí la van a ver:`,
    send: '🚀 Programar campaña',
    created: '✅ Campaña programada.',
    statusNames: {
      scheduled: 'Programada',
      running: 'Enviando',
      paused: 'Pausada',
      completed: 'Terminada',
      cancelled: 'Cancelada',
    },
  },
};

/** The shape every notification catalog follows. */
export type NotifyCatalog = typeof notifyEs;
