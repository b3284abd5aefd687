import type { AppConfig } from '../config.js';

/**
 * What the demo's assistant tells customers about the shop when the person trying it set
 * nothing: realistic es-AR texts, with English versions for answers in English. The figures
 * (days, hours) are the shop's own text, never a price or stock figure.
 */
export const DEMO_SHOP_INFORMATION = {
  SHOP_HOURS: {
    es: 'Lunes a viernes de 8:30 a 18 y sábados de 9 a 13. Domingos y feriados, cerrado.',
    en: 'Monday to Friday 8:30 am to 6 pm, Saturdays 9 am to 1 pm. Closed on Sundays and public holidays.',
  },
  SHOP_SHIPPING: {
    es: 'Enviamos a todo el país por Andreani (llega en 3 a 6 días hábiles) y en CABA y GBA por moto en el día si pedís antes de las 13. El costo se calcula con tu código postal al confirmar el pedido. También podés retirarlo sin cargo por el local.',
    en: 'We ship nationwide with Andreani (3 to 6 business days), and same-day by motorbike in Buenos Aires City and Greater Buenos Aires for orders placed before 1 pm. The cost is worked out from your postcode when you confirm the order. You can also pick it up at the shop for free.',
  },
  SHOP_PAYMENT_METHODS: {
    es: 'Efectivo, transferencia bancaria, tarjetas de débito y crédito, y Mercado Pago: al confirmar el pedido te llega el link de pago por este chat.',
    en: 'Cash, bank transfer, debit and credit cards, and Mercado Pago: when you confirm the order, the payment link arrives in this chat.',
  },
} as const;

/**
 * The configuration with the demo's shop information for every text left unset. An English text
 * is filled only where the Spanish one is the demo's too: a shop that wrote its own SHOP_HOURS
 * gets it (not the demo's English hours) in English answers until it sets SHOP_HOURS_EN.
 */
export const withDemoShopInformation = (config: AppConfig): AppConfig => {
  let filled = config;
  for (const key of ['SHOP_HOURS', 'SHOP_SHIPPING', 'SHOP_PAYMENT_METHODS'] as const) {
    if (config[key] !== undefined) continue;
    const english = `${key}_EN` as const;
    filled = { ...filled, [key]: DEMO_SHOP_INFORMATION[key].es, [english]: config[english] ?? DEMO_SHOP_INFORMATION[key].en };
  }
  return filled;
};
