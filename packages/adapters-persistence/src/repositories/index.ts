import type { Repositories } from '@mostrador/core';
import type { EntityManager } from 'typeorm';
import type { CategoryListCache, CategoryWriteScope } from '../category-list-cache.js';
import { TypeOrmCategoryRepository, TypeOrmProductRepository, TypeOrmStockMovementRepository } from './catalog.js';
import { TypeOrmCartRepository, TypeOrmCustomerRepository } from './customers.js';
import { TypeOrmCampaignRepository, TypeOrmNotificationLog, TypeOrmStockAlertRepository } from './marketing.js';
import { TypeOrmInvoiceRepository, TypeOrmOrderRepository, TypeOrmPaymentRepository } from './ordering.js';
import { TypeOrmPaymentCheckoutRepository } from './payments.js';
import { TypeOrmReportQueries } from './reports.js';
import { TypeOrmRefreshTokenRepository, TypeOrmStaffUserRepository } from './staff.js';
import { TypeOrmConversationStore, TypeOrmOutboxRepository, TypeOrmSettingsRepository } from './system.js';

export * from './catalog.js';
export * from './customers.js';
export * from './marketing.js';
export * from './ordering.js';
export * from './payments.js';
export * from './reports.js';
export * from './staff.js';
export * from './system.js';

/**
 * Every repository over one EntityManager: a transaction's (bound to its query runner, with its
 * `scope`) or the autocommit one. `categoryCache`: the persistence instance's category list cache.
 */
export const createTypeOrmRepositories = (
  manager: EntityManager,
  categoryCache?: CategoryListCache,
  scope?: CategoryWriteScope,
): Repositories => ({
  products: new TypeOrmProductRepository(manager),
  categories: new TypeOrmCategoryRepository(manager, categoryCache, scope),
  customers: new TypeOrmCustomerRepository(manager),
  carts: new TypeOrmCartRepository(manager),
  orders: new TypeOrmOrderRepository(manager),
  payments: new TypeOrmPaymentRepository(manager),
  paymentCheckouts: new TypeOrmPaymentCheckoutRepository(manager),
  invoices: new TypeOrmInvoiceRepository(manager),
  staff: new TypeOrmStaffUserRepository(manager),
  refreshTokens: new TypeOrmRefreshTokenRepository(manager),
  stockMovements: new TypeOrmStockMovementRepository(manager),
  outbox: new TypeOrmOutboxRepository(manager),
  settings: new TypeOrmSettingsRepository(manager),
  conversations: new TypeOrmConversationStore(manager),
  campaigns: new TypeOrmCampaignRepository(manager),
  stockAlerts: new TypeOrmStockAlertRepository(manager),
  notificationLog: new TypeOrmNotificationLog(manager),
  reports: new TypeOrmReportQueries(manager),
});
