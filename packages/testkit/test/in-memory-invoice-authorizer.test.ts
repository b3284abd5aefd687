import { invoiceAuthorizerContract } from '../src/contracts/index.js';
import { InMemoryInvoiceAuthorizer } from '../src/memory/index.js';

invoiceAuthorizerContract(
  async () => {
    const authorizer = new InMemoryInvoiceAuthorizer();
    return {
      authorizer,
      pointOfSale: 1,
      loseNextAnswer: () => authorizer.loseNextAnswer(),
      failNextWithInternalError: () => authorizer.failNextWithInternalError(),
      close: async () => undefined,
    };
  },
  { name: 'in memory' },
);
