// Loaded with `node --import tsx --import ./record-loads.mjs`: records the URL of every module
// the ESM loader resolves, so a test can tell which packages an entry pulls in.
import { register } from 'node:module';
import { MessageChannel } from 'node:worker_threads';

const { port1, port2 } = new MessageChannel();
const urls = [];
const waiters = new Map();
port1.on('message', (url) => {
  urls.push(url);
  waiters.get(url)?.();
});
port1.unref();
register('./record-loads-hooks.mjs', import.meta.url, {
  data: { port: port2 },
  transferList: [port2],
});

/** Every URL resolved so far, once the hooks thread has reported all of them. */
globalThis.__resolvedUrls = async () => {
  const marker = `data:text/javascript,export default ${urls.length}${Math.random()}`;
  const seen = new Promise((resolve) => waiters.set(marker, resolve));
  await import(marker);
  await seen;
  waiters.delete(marker);
  return urls.filter((url) => !url.startsWith('data:'));
};
