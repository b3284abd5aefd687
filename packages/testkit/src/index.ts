export * from './contracts/index.js';
export * from './memory/index.js';
export * from './mothers/index.js';
export * from './telegram/index.js';
