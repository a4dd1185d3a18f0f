/**
 * Run ids: random UUIDs from the Web Crypto API, also where `randomUUID` is missing.
 * @module
 */

const hex = (bytes: Uint8Array, from: number, to: number): string => {
  let out = '';
  for (let i = from; i < to; i++) out += (bytes[i] as number).toString(16).padStart(2, '0');
  return out;
};

/**
 * A random (version 4) UUID. Uses `crypto.randomUUID` where the runtime has it; browsers offer
 * it only on secure pages (https, localhost), so elsewhere it is built from
 * `crypto.getRandomValues`, which every runtime has.
 *
 * @example
 * ```ts
 * import { newRunId } from 'rx-runnables';
 * newRunId(); // '3b241101-e2bb-4255-8caf-4136c566a962'
 * ```
 */
export function newRunId(): string {
  const crypto = globalThis.crypto;
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = ((bytes[6] as number) & 0x0f) | 0x40;
  bytes[8] = ((bytes[8] as number) & 0x3f) | 0x80;
  return `${hex(bytes, 0, 4)}-${hex(bytes, 4, 6)}-${hex(bytes, 6, 8)}-${hex(bytes, 8, 10)}-${hex(bytes, 10, 16)}`;
}
