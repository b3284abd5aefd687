export * from './module.js';
export * from './templates/index.js';
export * from './weasyprint-renderer.js';
