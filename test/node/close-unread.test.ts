import { describe, expect, it } from 'vitest';
import { closeUnread } from '../../scripts/node/close-unread.ts';

const request = () => new Request('http://x/', { method: 'POST', body: 'x'.repeat(1000) });
const answer = (status: number) => new Response('{}', { status, headers: { 'content-type': 'application/json' } });

describe('closeUnread', () => {
  it('closes the connection of a 503 whose request body was never read, and only then', async () => {
    expect((await closeUnread(request(), answer(503))).headers.get('connection')).toBe('close');
    expect((await closeUnread(request(), Promise.resolve(answer(503)))).headers.get('connection')).toBe('close');
    const read = request();
    await read.text();
    expect((await closeUnread(read, answer(503))).headers.get('connection')).toBeNull();
    expect((await closeUnread(request(), answer(200))).headers.get('connection')).toBeNull();
    expect((await closeUnread(new Request('http://x/health'), answer(503))).headers.get('connection')).toBeNull();
  });
});
