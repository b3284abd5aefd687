export * from './pictures.js';
export * from './test-raster.js';
