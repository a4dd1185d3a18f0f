import { MemoryEventStore } from '../../src/store';
import { eventStoreContract } from './contract';

eventStoreContract('MemoryEventStore', async (options) => new MemoryEventStore(options));
