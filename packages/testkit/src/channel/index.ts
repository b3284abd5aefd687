/**
 * The channel conformance suite: one set of customer journeys and failure cases every channel
 * adapter runs through its own emulator or fake (see `channelConformance` for the rules).
 */
export * from './channel-conformance.js';
export * from './conformance-chat.js';
export * from './conformance-shop.js';
