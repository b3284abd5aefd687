export * from './conversation-store-contract.js';
export * from './document-renderer-contract.js';
export * from './image-store-contract.js';
export * from './payment-gateway-contract.js';
export * from './persistence-under-test.js';
export * from './product-search-contract.js';
export * from './repositories-contract.js';
