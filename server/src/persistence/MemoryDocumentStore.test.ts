import { documentStoreContract } from '../testing/documentStoreContract.js';
import { MemoryDocumentStore } from './MemoryDocumentStore.js';

documentStoreContract('MemoryDocumentStore', {
  open: async () => new MemoryDocumentStore(),
});
