/** Bundled for headless Chromium by browser.test.ts: the transport round trips, in a browser. */
import { lastValueFrom, of, toArray } from 'rxjs';
import {
  decodeJSONL,
  decodeSSE,
  fromJSONL,
  fromSSE,
  reviveFromWire,
  serializeForWire,
  toJSONLResponse,
  toSSEResponse,
} from '../../src/transport';
import { wireValues } from './wire-values';

export interface BrowserRoundTrip {
  name: string;
  sent: string[];
  sse: string[];
  jsonl: string[];
  ids: string[];
}

export interface BrowserResult {
  local: BrowserRoundTrip[];
  remoteSSE: string[];
  remoteSSEError: string | undefined;
  remoteJSONL: string[];
  remoteJSONLError: string | undefined;
}

/** One byte per read, to exercise the streaming UTF-8 decoding of the browser. */
async function bytewise(response: Response): Promise<ReadableStream<Uint8Array>> {
  const bytes = new Uint8Array(await response.arrayBuffer());
  let i = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (i < bytes.length) controller.enqueue(bytes.subarray(i, ++i));
      else controller.close();
    },
  });
}

const codeOf = (error: unknown): string => (error as { code?: string }).code ?? String(error);

async function run(base: string): Promise<BrowserResult> {
  const local: BrowserRoundTrip[] = [];
  for (const { name, values } of await wireValues()) {
    const sse = await lastValueFrom(
      decodeSSE(await bytewise(toSSEResponse(of(...values), { pingIntervalMs: 0 }))).pipe(
        toArray(),
      ),
    );
    const jsonl = await lastValueFrom(
      decodeJSONL(await bytewise(toJSONLResponse(of(...values)))).pipe(toArray()),
    );
    local.push({
      name,
      sent: values.map((v) => serializeForWire(v)),
      sse: sse.map((e) => serializeForWire(reviveFromWire(JSON.parse(e.data)))),
      jsonl: jsonl.map((v) => serializeForWire(reviveFromWire(v))),
      ids: sse.map((e) => e.id),
    });
  }
  const remoteSSE: string[] = [];
  let remoteSSEError: string | undefined;
  try {
    for await (const event of fromSSE(`${base}sse`)) remoteSSE.push(event.data);
  } catch (error) {
    remoteSSEError = codeOf(error);
  }
  const remoteJSONL: string[] = [];
  let remoteJSONLError: string | undefined;
  try {
    for await (const value of fromJSONL(`${base}jsonl`)) remoteJSONL.push(serializeForWire(value));
  } catch (error) {
    remoteJSONLError = codeOf(error);
  }
  return { local, remoteSSE, remoteSSEError, remoteJSONL, remoteJSONLError };
}

(globalThis as unknown as { transportRoundTrip: typeof run }).transportRoundTrip = run;
