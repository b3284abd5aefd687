export * from './emulator.js';
export * from './models.js';
export * from './types.js';
