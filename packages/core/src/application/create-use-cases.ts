import { createMarketingUseCases } from '../marketing/marketing-use-cases.js';
import { createDocumentUseCases, createReportUseCases } from '../reporting/report-use-cases.js';
import { createAuthUseCases } from './auth-use-cases.js';
import { createCartUseCases } from './cart-use-cases.js';
import { createCatalogUseCases } from './catalog-use-cases.js';
import { createCustomerUseCases } from './customer-use-cases.js';
import type { UseCaseDependencies } from './dependencies.js';
import { createOrderUseCases } from './order-use-cases.js';
import { createPaymentUseCases } from './payment-use-cases.js';
import { createStaffUseCases } from './staff-use-cases.js';
import type { UseCases } from './use-cases.js';

/** Builds every use case from its ports. Nothing is started and nothing is global: call it in the composition root. */
export const createUseCases = (deps: UseCaseDependencies): UseCases => {
  const orders = createOrderUseCases(deps);
  return {
    catalog: createCatalogUseCases(deps),
    customers: createCustomerUseCases(deps),
    cart: createCartUseCases(deps),
    orders,
    staff: createStaffUseCases(deps),
    auth: createAuthUseCases(deps),
    marketing: createMarketingUseCases(deps),
    reports: createReportUseCases(deps),
    documents: createDocumentUseCases(deps),
    payments: createPaymentUseCases(deps, orders, deps.payments ?? { gateways: [] }),
  };
};
