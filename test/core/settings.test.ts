import { describe, expect, it } from 'vitest';
import { Front, fronts } from '../../core/config/env.ts';
import { isOpenSearchSetting, settings, settingsOf } from '../../core/settings.ts';

/** Settings that must be set on the front that reads them (their default says so). */
const isRequired = (defaultText: string) => defaultText.startsWith('(required');

describe('the catalogue of settings', () => {
  it('declares each variable once, for at least one front, with a meaning', () => {
    const names = settings.map((s) => s.name);
    expect(new Set(names).size).toBe(names.length);
    for (const s of settings) {
      expect([s.name, s.fronts.length > 0, s.meaning.length > 10, s.fronts.every((f) => fronts.includes(f))]).toEqual([s.name, true, true, true]);
    }
  });

  it('reads every optional setting from an empty environment without error, and fails a required one naming it', () => {
    for (const s of settings) {
      if (isRequired(s.default)) expect(() => s.read({})).toThrow(s.name);
      else expect(() => s.read({})).not.toThrow();
    }
  });

  it('documents the default the rule applies', () => {
    for (const s of settings.filter((setting) => !isRequired(setting.default))) {
      const value = s.read({});
      // A default naming another variable (`deadletter-<FIREWATCH_INDEX>`) means that one's default.
      const documented = s.default.replace(/^\((?:none|unset)\)$/, '').replace(
        /<([A-Z_]+)>/g,
        (_, name: string) => String(settings.find((other) => other.name === name)?.read({})),
      );
      if (typeof value === 'number' || typeof value === 'string') expect([s.name, String(value)]).toEqual([s.name, documented]);
      if (typeof value === 'boolean') expect([s.name, String(value)]).toEqual([s.name, s.default === '(unset)' ? 'false' : s.default]);
    }
  });

  it('gives every front its settings, the OpenSearch sink to the fronts that write to it', () => {
    expect(settingsOf(Front.TRANSFORM).map((s) => s.name)).toContain('FIREWATCH_MODE');
    expect(settingsOf(Front.TRANSFORM).some(isOpenSearchSetting)).toBe(false);
    expect(settingsOf(Front.HTTP).map((s) => s.name)).toEqual(expect.arrayContaining(['FIREWATCH_ACCESS_KEY_SECRET', 'OPENSEARCH_URL', 'FIREWATCH_PARSERS']));
    expect(settingsOf(Front.SUBSCRIPTION).map((s) => s.name)).toEqual(
      expect.arrayContaining(['OPENSEARCH_URL', 'FIREWATCH_INDEX', 'FIREWATCH_KEEP_MESSAGE', 'FIREWATCH_MAX_INFLATED_BYTES']),
    );
    expect(settingsOf(Front.CLI).map((s) => s.name)).toEqual(['FIREWATCH_DEBUG']);
  });
});
