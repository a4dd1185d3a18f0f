import { request as httpRequest } from 'node:http';
import type { IncomingMessage } from 'node:http';
import { Observable, concat, of, throwError } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { RxRunnablesError } from '../../src/core';
import { JSONL_HEADERS, pipeToNodeResponse, toJSONLResponse } from '../../src/transport';
import type { NodePipeOutcome } from '../../src/transport';
import { useServe } from './serving-helpers';

const serve = useServe();

async function get(url: string): Promise<{ res: IncomingMessage; body: string }> {
  const res = await new Promise<IncomingMessage>((resolve) => httpRequest(url, resolve).end());
  res.setEncoding('utf8');
  let body = '';
  for await (const chunk of res) body += chunk as string;
  return { res, body };
}

describe('pipeToNodeResponse', () => {
  it('writes the SSE headers by default, then the frames, and resolves finished', async () => {
    let outcome: Promise<NodePipeOutcome> | undefined;
    const server = await serve((_req, res) => {
      outcome = pipeToNodeResponse(of('data: a\n\n', 'data: b\n\n'), res);
    });
    const { res, body } = await get(server.url);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/event-stream; charset=utf-8');
    expect(res.headers['x-accel-buffering']).toBe('no');
    expect(body).toBe('data: a\n\ndata: b\n\n');
    expect(await outcome).toBe('finished');
  });

  it('bridges a web Response: its status, headers and body', async () => {
    const server = await serve((_req, res) => {
      void pipeToNodeResponse(
        toJSONLResponse(of(1, 2), { status: 201, headers: { 'x-run': 'r1' } }),
        res,
      );
    });
    const { res, body } = await get(server.url);
    expect(res.statusCode).toBe(201);
    expect(res.headers['content-type']).toBe(JSONL_HEADERS['content-type']);
    expect(res.headers['x-run']).toBe('r1');
    expect(body).toBe('1\n2\n');
  });

  it('a source of raw frames that fails: the frames before it are sent, the response ends, the promise rejects typed', async () => {
    let outcome: Promise<NodePipeOutcome> | undefined;
    const server = await serve((_req, res) => {
      outcome = pipeToNodeResponse(
        concat(
          of('data: a\n\n'),
          throwError(() => new Error('broken')),
        ),
        res,
      );
      outcome.catch(() => undefined);
    });
    const { body } = await get(server.url);
    expect(body).toBe('data: a\n\n');
    const error = await (outcome as Promise<NodePipeOutcome>).catch((e: unknown) => e);
    expect(RxRunnablesError.isInstance(error)).toBe(true);
    expect((error as RxRunnablesError).message).toBe('broken');
  });

  it('a response already destroyed resolves disconnected and never subscribes', async () => {
    let subscribed = false;
    const source = new Observable<string>(() => {
      subscribed = true;
    });
    const outcome = await pipeToNodeResponse(source, {
      destroyed: true,
      write: () => true,
      end: () => undefined,
      on: () => undefined,
    });
    expect(outcome).toBe('disconnected');
    expect(subscribed).toBe(false);
  });
});
