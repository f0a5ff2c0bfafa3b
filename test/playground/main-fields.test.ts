import { describe, expect, it } from 'vitest';
import { builtinParserList } from '../../core/parsers/list.ts';
import { MAIN_FIELDS } from '../../playground/main-fields.ts';

describe("the events table's field columns", () => {
  it('are fields each parser declares, and the charted one is among them', () => {
    for (const [name, { columns, category }] of Object.entries(MAIN_FIELDS)) {
      const parser = builtinParserList.find((p) => p.name === name);
      expect(parser, name).toBeDefined();
      for (const column of columns) expect(Object.keys(parser?.fields ?? {}), `${name}.${column}`).toContain(column);
      expect(columns).toContain(category);
    }
  });

  it('cover every built-in parser with fixed fields', () => {
    const withFields = builtinParserList.filter((p) => Object.keys(p.fields).length > 0).map((p) => p.name);
    expect(Object.keys(MAIN_FIELDS).sort()).toEqual([...withFields].sort());
  });
});
