import { createSchema, createYoga } from 'graphql-yoga';
import { describe, expect, it } from 'vitest';
import { useBodyLimit } from '../../../src/plugins/use-body-limit.ts';

const LIMIT = 200;

const yoga = createYoga({
  schema: createSchema({ typeDefs: 'type Query { echo(text: String): String }', resolvers: {} }),
  maxRequestBodySize: false,
  plugins: [useBodyLimit(LIMIT)],
  logging: false,
});

/** A body streamed in chunks, without Content-Length (as a chunked upload arrives). */
function streamed(text: string): ReadableStream<Uint8Array> {
  const bytes = new TextEncoder().encode(text);
  return new ReadableStream({
    start(controller) {
      for (let offset = 0; offset < bytes.length; offset += 16) {
        controller.enqueue(bytes.subarray(offset, offset + 16));
      }
      controller.close();
    },
  });
}

function post(body: BodyInit, headers: Record<string, string> = {}) {
  return yoga.fetch('http://gateway/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
    duplex: 'half',
  });
}

const query = (text: string) => JSON.stringify({ query: `{ echo(text: "${text}") }` });

describe('useBodyLimit', () => {
  it('reads a body within the limit, with or without Content-Length', async () => {
    const body = query('hello');
    for (const answer of [
      await post(body, { 'content-length': String(Buffer.byteLength(body)) }),
      await post(streamed(body)),
    ]) {
      expect(answer.status).toBe(200);
      expect(await answer.json()).toEqual({ data: { echo: null } });
    }
  });

  it('answers 413 and closes the connection when Content-Length is over the limit', async () => {
    const body = query('x'.repeat(LIMIT));
    const answer = await post(body, { 'content-length': String(Buffer.byteLength(body)) });
    expect(answer.status).toBe(413);
    expect(answer.headers.get('connection')).toBe('close');
    const { errors } = (await answer.json()) as { errors: { extensions: { code: string } }[] };
    expect(errors[0]?.extensions.code).toBe('REQUEST_ENTITY_TOO_LARGE');
  });

  it('counts a body without Content-Length as it is read, and answers 413 past the limit', async () => {
    const answer = await post(streamed(query('x'.repeat(LIMIT))));
    expect(answer.status).toBe(413);
    const { errors } = (await answer.json()) as { errors: { extensions: { code: string } }[] };
    expect(errors[0]?.extensions.code).toBe('REQUEST_ENTITY_TOO_LARGE');
  });

  it('refuses an invalid Content-Length (a list, a sign, text) with 400', async () => {
    for (const contentLength of ['10, 10', '-5', 'ten', '1e3']) {
      const answer = await post(query('hi'), { 'content-length': contentLength });
      expect(answer.status, contentLength).toBe(400);
    }
  });
});
