export * from './boardRecords.js';
