import { MemoryEventStore } from '../../src/store';
import { eventStoreContract } from './contract';
import { eventSourceClient } from './eventsource-client';
import { pushedCancel } from './pushed-cancel';
import { resumeOverHttp } from './resume-over-http';

eventStoreContract('MemoryEventStore', async (options) => new MemoryEventStore(options));
resumeOverHttp('MemoryEventStore', async () => new MemoryEventStore());
eventSourceClient('MemoryEventStore', async () => new MemoryEventStore());
pushedCancel('MemoryEventStore', async () => {
  const store = new MemoryEventStore();
  return { producer: store, other: store };
});
