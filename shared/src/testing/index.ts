export * from './boardRecords.js';
export * from './docRecords.js';
export * from './workshopBoard.js';
