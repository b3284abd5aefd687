import type { NotifyCatalog } from './notify-es.js';

const units = (n: number): string => (n === 1 ? '1 product' : `${n} products`);

export const notifyEn: NotifyCatalog = {
  order: {
    placed: (number, total, minutes) =>
      `🧾 We got your order *#${number}* for *${total}*.\nThe stock is held for you for ${minutes} minutes: pay before it lapses.`,
    paid: (number, total, pickup) =>
      `✅ We received your payment of *${total}* for order *#${number}*. Thank you! ${pickup ? "We'll let you know when it's ready for pickup." : "We'll let you know when it ships."}`,
    invoiced: (number) => `🧾 The invoice for your order *#${number}* is ready.`,
    shipped: (number) => `🚚 Your order *#${number}* is on its way!`,
    delivered: (number) => `📬 Your order *#${number}* was delivered. Enjoy!`,
    readyForPickup: (number) => `📦 Your order *#${number}* is ready for pickup at the shop!`,
    pickedUp: (number) => `✅ You picked up your order *#${number}*. Thank you, enjoy!`,
    cancelled: (number) => `❌ Your order *#${number}* was cancelled and its stock released.`,
    cancelledReason: (reason) => `Reason: _${reason}_`,
    expiring: (number, minutes) =>
      `⏳ The hold on your order *#${number}* lapses in ${minutes === 1 ? '1 minute' : `${minutes} minutes`}. Pay now to keep it.`,
    expired: (number) =>
      `⌛ The hold on your order *#${number}* lapsed and the stock was released. If you still want it, order again from the catalog.`,
    refunded: (number, total) => `↩️ We refunded *${total}* of order *#${number}*.`,
    view: '📦 View order',
  },
  invoice: {
    voucher: (kind: 'invoice' | 'credit-note' | 'debit-note', letter: string, number: string) =>
      `${kind === 'invoice' ? 'Invoice' : kind === 'credit-note' ? 'Credit note' : 'Debit note'} ${letter} ${number}`,
    authorized: (order: number, voucher: string, total: string, cae: string) =>
      `🧾 Your invoice for order *#${order}* is ready: *${voucher}* for *${total}*.\nCAE ${cae}.`,
    creditNote: (order: number, voucher: string, total: string, original: string | null) =>
      `↩️ We issued *${voucher}* for *${total}* of order *#${order}*${original ? `, cancelling that part of ${original}` : ''}.`,
    attached: 'Here it is as a PDF.',
    rejected: (voucher: string, order: number, reasons: string) =>
      `⚠️ ARCA rejected the *${voucher}* of order *#${order}*: ${reasons}\nThe order stays paid: fix the cause and retry it from the order.`,
  },
  staff: {
    newOrder: (number, total, customer, items) => `🛎️ New order *#${number}* from ${customer}: *${total}* (${units(items)}).`,
    view: '📋 View order',
  },
  stock: {
    backInStock: (name) => `🎉 *${name}* is back in stock!`,
    view: '👀 View product',
    notifyMe: '🔔 Tell me when it is back',
    subscribed: (name) => `🔔 Done, I'll tell you when *${name}* is back.`,
    alreadySubscribed: (name) => `🔔 You're on the list: I'll tell you when *${name}* is back.`,
  },
  offers: {
    optOut: '🔕 No more offers',
    optIn: '🔔 Tell me about offers',
    viewProduct: (name) => `👀 ${name}`,
    optedOut: "🔕 Done, we won't send you offers anymore. If you change your mind, send /alta.",
    optedIn: "🔔 Done! We'll let you know about offers. To stop them, send /stop.",
    productLine: (name, price) => `🛍️ *${name}* — ${price}`,
    productWas: (name, price, was) => `🛍️ *${name}* — ${price} ~~${was}~~`,
  },
  campaigns: {
    menu: '📣 Campaigns',
    title: '📣 *Campaigns*',
    none: 'No campaigns yet.',
    create: '➕ New campaign',
    line: (name, status, sent, total) => `${name} — ${status} (${sent}/${total})`,
    detail: (name, status) => `📣 *${name}*\nStatus: ${status}`,
    scheduledFor: (when) => `Scheduled: ${when}`,
    progress: (p) =>
      `Recipients: ${p.total}\n⏳ Queued: ${p.queued}\n✅ Sent: ${p.sent}\n⚠️ Failed: ${p.failed}\n🚫 Blocked the bot: ${p.blocked}\n⏭️ Skipped: ${p.skipped}` +
      (p.uncertain > 0 ? `\n❔ Unconfirmed (not sent again): ${p.uncertain}` : ''),
    refresh: '🔄 Refresh',
    pause: '⏸️ Pause',
    resume: '▶️ Resume',
    cancel: '✖️ Cancel campaign',
    askText: '✍️ Type the offer text (you can use *bold* and _italics_).',
    askSegment: '👥 Who should get it? (only people who accepted offers)',
    segmentAll: 'Everyone',
    segmentEs: 'Spanish-speaking customers',
    segmentEn: 'English-speaking customers',
    segmentCategory: (name) => `Bought ${name}`,
    askProducts: '🛍️ Add the current offers as product cards?',
    withOffers: (n) => `Yes, ${units(n)} on offer`,
    withoutProducts: 'No, text only',
    askSchedule: '🕒 When should it go out?',
    now: 'Now',
    inOneHour: 'In 1 hour',
    tomorrowMorning: 'Tomorrow 10:00',
    confirm: (segment, products, when) =>
      `📣 *Check the campaign*\nTo: ${segment}\nProducts: ${products}\nWhen: ${when}\n\nThis is how it will look:`,
    send: '🚀 Schedule campaign',
    created: '✅ Campaign scheduled.',
    statusNames: {
      scheduled: 'Scheduled',
      running: 'Sending',
      paused: 'Paused',
      completed: 'Completed',
      cancelled: 'Cancelled',
    },
  },
};
