import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeBase64, encodeBase64 } from '../../../core/bytes/base64.ts';

const text = (s: string) => new TextEncoder().encode(s);

describe('base64', () => {
  it('round-trips any bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2000 }), (bytes) => {
        const encoded = encodeBase64(bytes);
        expect(encoded).toBe(btoa(String.fromCharCode(...bytes)));
        const decoded = decodeBase64(encoded);
        expect(decoded.ok && [...decoded.value]).toEqual([...bytes]);
      }),
    );
  });

  it('skips the line breaks Python encodebytes inserts every 76 characters', () => {
    const bytes = text('x'.repeat(200));
    const wrapped = encodeBase64(bytes).replace(/(.{76})/g, '$1\n') + '\n';
    const decoded = decodeBase64(wrapped);
    expect(decoded.ok && new TextDecoder().decode(decoded.value)).toBe('x'.repeat(200));
  });

  it('accepts missing padding', () => {
    const decoded = decodeBase64('aGVsbG8');
    expect(decoded.ok && new TextDecoder().decode(decoded.value)).toBe('hello');
  });

  it('rejects garbage with the offending position', () => {
    const result = decodeBase64('aGVs!G8=');
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe('BASE64_INVALID');
      expect(result.error.message).toContain('offset 4');
    }
  });

  it('rejects data after padding and impossible lengths', () => {
    for (const bad of ['aGVs=G8=', 'aGVsb', 'a===', '====']) {
      const result = decodeBase64(bad);
      expect(result.ok ? `accepted ${bad}` : result.error.code).toBe('BASE64_INVALID');
    }
  });

  it('rejects characters outside Latin-1 without wrapping them into the alphabet', () => {
    const result = decodeBase64('aGVs\u0141G8=');
    expect(result.ok).toBe(false);
  });
});
