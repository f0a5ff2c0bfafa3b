import { describe, expect, it } from 'vitest';
import { DocumentShaper } from '../../../core/endpoint/documents.ts';
import { buildEnvelope } from '../../../core/samples/records.ts';

describe('DocumentShaper.documents', () => {
  it('makes documents one at a time: taking the first of a large envelope reads no other event', () => {
    const envelope = buildEnvelope({ lines: Array.from({ length: 1_000 }, (_, i) => `line ${i}`), logGroup: '/ecs/api' });
    let highest = -1;
    const watched = new Proxy(envelope.logEvents, {
      get(target, key, receiver) {
        if (typeof key === 'string' && /^\d+$/.test(key)) highest = Math.max(highest, Number(key));
        return Reflect.get(target, key, receiver);
      },
    });
    const shaper = new DocumentShaper({ index: 'logs', indexRotation: 'OneDay', parserOverrides: [], keepMessage: false });
    const documents = shaper.documents([{ ...envelope, logEvents: watched }], 'prefix');
    expect(documents.next().value).toMatchObject({ id: envelope.logEvents[0]!.id });
    expect(highest).toBe(0);
    expect([...documents].length).toBe(999);
  });
});
