export * from './boardRecords.js';
export * from './docRecords.js';
