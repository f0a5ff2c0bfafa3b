/**
 * The transformation Lambda with Firehose's message extraction: FIREWATCH_DEFAULT_PARSER reaches the
 * planner, and without it the parser is detected from the record's text.
 */
import { describe, expect, it } from 'vitest';
import { decodeBase64 } from '../../core/bytes/base64.ts';
import { buildTransformationEvent } from '../../core/samples/records.ts';
import { loadTransformConfig } from '../../lambda/config.ts';
import { createTransformHandler } from '../../lambda/transform.ts';

const LINES = '2026-11-25T11:41:00.100000Z\t   42 Query\tSELECT 1\n2026-11-25T11:41:00.200000Z\t   42 Quit\t\n';

async function parsersOfAnswer(env: Record<string, string>): Promise<string[]> {
  const handler = createTransformHandler(loadTransformConfig({ FIREWATCH_MODE: 'ndjson', ...env }), {
    reingest: () => Promise.reject(new Error('nothing to re-ingest in ndjson mode')),
    log: () => undefined,
  });
  const response = await handler(buildTransformationEvent([new TextEncoder().encode(LINES)]));
  const answer = response.records[0]!;
  if (answer.result !== 'Ok' || answer.data === undefined) throw new Error(`answered ${answer.result}`);
  const bytes = decodeBase64(answer.data);
  if (!bytes.ok) throw bytes.error;
  return new TextDecoder().decode(bytes.value).trim().split('\n').map((line) => (JSON.parse(line) as { parser: string }).parser);
}

describe('transformation Lambda: message-extraction records', () => {
  it('parses with FIREWATCH_DEFAULT_PARSER when set, else with the parser the text reads best', async () => {
    expect(await parsersOfAnswer({})).toEqual(['mysql-general', 'mysql-general']);
    expect(await parsersOfAnswer({ FIREWATCH_DEFAULT_PARSER: 'text' })).toEqual(['text', 'text']);
  });
});
