import { CategoryEntity, ProductEntity, StockMovementEntity } from './catalog.js';
import { CartEntity, CustomerEntity, CustomerIdentityEntity } from './customers.js';
import { InvoiceEntity } from './invoicing.js';
import { OrderEntity, PaymentEntity } from './ordering.js';
import { PaymentCheckoutEntity } from './payments.js';
import { RefreshTokenEntity, StaffUserEntity } from './staff.js';
import { ConversationEntity, ImageEntity, OutboxEntity, ProcessedUpdateEntity, SettingEntity } from './system.js';

export * from './catalog.js';
export * from './customers.js';
export * from './invoicing.js';
export * from './ordering.js';
export * from './payments.js';
export * from './staff.js';
export * from './system.js';

/** Every persistence entity, for the DataSource. */
export const ENTITIES = [
  ProductEntity,
  CategoryEntity,
  StockMovementEntity,
  CustomerEntity,
  CustomerIdentityEntity,
  CartEntity,
  OrderEntity,
  PaymentEntity,
  PaymentCheckoutEntity,
  InvoiceEntity,
  StaffUserEntity,
  RefreshTokenEntity,
  OutboxEntity,
  SettingEntity,
  ConversationEntity,
  ProcessedUpdateEntity,
  ImageEntity,
] as const;
