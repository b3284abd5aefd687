export * from './assets.js';
export * from './bar-chart.js';
export * from './invoice-template.js';
export * from './qr-svg.js';
export * from './report-template.js';
