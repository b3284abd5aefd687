export * from './campaign-mothers.js';
export * from './catalog-mothers.js';
export * from './customer-mothers.js';
export * from './ids.js';
export * from './order-mothers.js';
export * from './staff-mothers.js';
