export * from './application/auth-use-cases.js';
export * from './application/authorization.js';
export * from './application/cart-use-cases.js';
export * from './application/catalog-use-cases.js';
export * from './application/counter-sale-use-cases.js';
export * from './application/create-use-cases.js';
export * from './application/customer-use-cases.js';
export * from './application/dependencies.js';
export * from './application/invoicing-use-cases.js';
export * from './application/order-use-cases.js';
export * from './application/paging.js';
export * from './application/payment-use-cases.js';
export * from './application/product-import.js';
export * from './application/product-rules.js';
export * from './application/product-view.js';
export * from './application/settings.js';
export * from './application/staff-use-cases.js';
export * from './application/stock-changes.js';
export * from './application/use-cases.js';
export * from './assistant/assistant-errors.js';
export * from './assistant/grounding.js';
export * from './assistant/intents.js';
export * from './assistant/language.js';
export * from './assistant/templated-answer.js';
export * from './catalog/discount.js';
export * from './catalog/image-fingerprint.js';
export * from './catalog/pricing.js';
export * from './catalog/product.js';
export * from './catalog/search-text.js';
export * from './catalog/stored-image.js';
export * from './conversation/chat-driver.js';
export { productFromStartPayload, productStartPayload } from './conversation/commands.js';
export * from './conversation/customer-message-delivery.js';
export * from './conversation/engine.js';
export { CATALOGS, type Catalog, catalogFor, localeFromHint } from './conversation/i18n/catalogs.js';
export {
  assertUsableCapabilities,
  choiceIdBytes,
  MAX_CHOICE_ID_BYTES,
  MIN_CHOICE_PAYLOAD_BYTES,
  numberChoices,
  resolveTypedChoice,
} from './conversation/layout.js';
export * from './conversation/markup.js';
export * from './conversation/message-understanding.js';
export * from './conversation/messages.js';
export * from './conversation/push-choices.js';
export type {
  CheckoutDraft,
  ChoiceAction,
  ChoiceEntry,
  ConversationState,
  PendingQuestion,
  ScreenName,
  ScreenRef,
} from './conversation/state.js';
export * from './customers/customer.js';
export * from './customers/phone.js';
export * from './customers/tax-id.js';
export * from './customers/tax-profile.js';
export * from './invoicing/invoice.js';
export * from './invoicing/invoice-delivery.js';
export * from './invoicing/invoice-document.js';
export * from './invoicing/invoice-events.js';
export * from './invoicing/invoicing-subscriber.js';
export * from './invoicing/issuer-profile.js';
export * from './invoicing/qr.js';
export * from './invoicing/voucher-rules.js';
export * from './jobs/event-subscriber.js';
export * from './jobs/housekeeping.js';
export * from './jobs/outbox-dispatcher.js';
export * from './jobs/rate-limits.js';
export * from './jobs/retry-later.js';
export * from './marketing/campaign.js';
export * from './marketing/campaign-delivery.js';
export * from './marketing/campaign-events.js';
export * from './marketing/marketing-use-cases.js';
export * from './marketing/product-codes.js';
export * from './money/money.js';
export * from './money/tax.js';
export * from './money/vat.js';
export * from './notifications/customer-message.js';
export * from './notifications/customer-messenger.js';
export * from './notifications/domain-event.js';
export * from './notifications/events.js';
export { type NotifyCatalog, notifyCatalogFor } from './notifications/i18n/notify-catalogs.js';
export * from './notifications/notifications.js';
export * from './ordering/cart.js';
export * from './ordering/order.js';
export * from './ordering/order-lifecycle.js';
export * from './ordering/place-order.js';
export * from './ordering/stock-movement.js';
export * from './payments/checkout.js';
export * from './payments/payment.js';
export * from './payments/payment-events.js';
export * from './payments/payment-webhook.js';
export * from './ports/image-fingerprints.js';
export * from './ports/inbound-route.js';
export * from './ports/invoicing.js';
export * from './ports/lifecycle.js';
export * from './ports/maintenance.js';
export * from './ports/messaging-channel.js';
export * from './ports/product-search.js';
export * from './ports/report-queries.js';
export * from './ports/repositories.js';
export * from './ports/services.js';
export * from './reporting/report.js';
export * from './reporting/report-use-cases.js';
export * from './shared/argentina-time.js';
export * from './shared/errors.js';
export * from './shared/timing.js';
export * from './shared/token.js';
export * from './shared/types.js';
export * from './staff/staff-user.js';
export * from './tokens.js';
