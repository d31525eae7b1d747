export * from './protocol/closeCodes.js';
export * from './protocol/docLayout.js';
export * from './protocol/limits.js';
export * from './protocol/messageTypes.js';
export * from './protocol/paths.js';
export * from './schema/roomId.js';
