export * from './chat-memory.js';
export * from './customer-limits.js';
export * from './image-decoding.js';
export * from './local-image-matcher.js';
export * from './openai-assistant.js';
export * from './perceptual-hash.js';
export * from './system-prompt.js';
export * from './tool-definitions.js';
