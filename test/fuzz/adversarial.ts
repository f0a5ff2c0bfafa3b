/**
 * Adversarial JSON and text for the fuzz suite: nesting thousands deep, objects thousands wide, long
 * strings, lone surrogates (raw and escaped), numbers beyond a double, and fast-check's own JSON and
 * binary strings, alone or inside a JSON object as a logger would write them.
 */
import fc from 'fast-check';

/** `[[[…]]]`, `{"a":{"a":…}}` or a mix, `depth` levels, around a scalar. */
export const deepJson = fc.record({ depth: fc.integer({ min: 1, max: 20_000 }), shape: fc.constantFrom('array', 'object', 'mixed'), closed: fc.boolean() }).map(
  ({ depth, shape, closed }) => {
    let open = '';
    let close = '';
    for (let i = 0; i < depth; i++) {
      const array = shape === 'array' || (shape === 'mixed' && i % 2 === 0);
      open += array ? '[' : '{"a":';
      close = (array ? ']' : '}') + close;
    }
    return `${open}1${closed ? close : ''}`;
  },
);

/** An object of thousands of keys. */
export const wideJson = fc.integer({ min: 1, max: 20_000 }).map((n) => `{${Array.from({ length: n }, (_, i) => `"k${i}":${i}`).join(',')}}`);

/** A string value up to 300 KB. */
export const longString = fc.integer({ min: 1, max: 300_000 }).map((n) => `{"msg":"${'x'.repeat(n)}"}`);

/** Lone surrogates, raw in the text and escaped in JSON. */
export const surrogates = fc.constantFrom('\ud800', '\udfff', 'a\ud83d', '\ude00b', '{"m":"\\ud800"}', '{"\\udfff":1}', '{"m":"\ud800"}', '"\\ud83d"');

/** Numbers a double cannot hold, or only by rounding. */
export const hugeNumbers = fc.constantFrom(
  '{"n":1e400}',
  '{"n":-1e99999}',
  `{"n":${'9'.repeat(400)}}`,
  `{"ts":${'1'.repeat(30)}}`,
  '{"time":1e308}',
  '{"ts":-0}',
  '{"n":5e-400}',
  `[${'9'.repeat(400)}]`,
);

/** One hostile log message. */
export const hostileMessage: fc.Arbitrary<string> = fc.oneof(
  deepJson,
  wideJson,
  longString,
  surrogates,
  hugeNumbers,
  fc.json(),
  fc.string({ unit: 'binary' }),
  deepJson.map((text) => `{"level":"info","nested":${text}}`),
);

/** A few hostile messages per event batch. */
export const hostileMessages = fc.array(hostileMessage, { minLength: 1, maxLength: 4 });

/** Hostile messages that are cheap enough to send through a subprocess a handful of times. */
export const fixedHostileMessages: readonly string[] = [
  `{"a":${'['.repeat(10_000)}${']'.repeat(10_000)}}`,
  `{"a":${'{"b":'.repeat(5_000)}1${'}'.repeat(5_000)}}`,
  '{"m":"\\ud800","n":1e400}',
  `{${Array.from({ length: 5_000 }, (_, i) => `"k${i}":${i}`).join(',')}}`,
  '\ud800 lone',
];
