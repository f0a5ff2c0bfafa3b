import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeUtf8, encodeUtf8, utf8Length } from '../../../core/bytes/utf8.ts';

describe('utf8', () => {
  it('measures the UTF-8 length of any string as TextEncoder would', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary' }), (s) => {
      expect(utf8Length(s)).toBe(encodeUtf8(s).length);
    }));
    fc.assert(fc.property(fc.string({ unit: fc.integer({ min: 0xd7f0, max: 0xe010 }).map((c) => String.fromCharCode(c)) }), (s) => {
      expect(utf8Length(s)).toBe(encodeUtf8(s).length);
    }));
  });

  it('rejects invalid UTF-8 and says where', () => {
    const result = decodeUtf8(new Uint8Array([0x61, 0x62, 0xff, 0x63]));
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe('UTF8_INVALID');
      expect(result.error.message).toContain('offset 2');
    }
  });

  it('decodes valid UTF-8', () => {
    const result = decodeUtf8(encodeUtf8('héllo ✓ 𝄞'));
    expect(result.ok && result.value).toBe('héllo ✓ 𝄞');
  });
});
