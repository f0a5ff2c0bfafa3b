/**
 * Which of a parser's fields the events table shows as columns, and which one the page charts as
 * shares: the fields a reader scans a log by (for the general log: thread id, command, argument). The
 * parsers declare every field they write (`fields` in core/parsers/); which few matter most to a reader
 * is a choice made here, and test/playground/main-fields.test.ts checks each is a declared field.
 * Parsers not listed (json, text, regex) have no fixed fields; their rows show the message alone.
 *
 * @module
 */

/** Columns and chart field of one parser. */
export interface MainFields {
  readonly columns: readonly string[];
  /** A field with few distinct values (command, level...), charted as shares; '' for none. */
  readonly category: string;
}

/** By parser name (a document's `parser` field). */
export const MAIN_FIELDS: Readonly<Record<string, MainFields>> = {
  'mysql-general': { columns: ['thread_id', 'command', 'argument'], category: 'command' },
  'mysql-slow': { columns: ['user', 'query_time', 'rows_examined', 'statement'], category: 'user' },
  'mysql-error': { columns: ['thread_id', 'level', 'error_code', 'text'], category: 'level' },
  'mariadb-audit': { columns: ['user', 'operation', 'db', 'object'], category: 'operation' },
  postgresql: { columns: ['pid', 'user', 'severity', 'text'], category: 'severity' },
  'postgresql-csv': { columns: ['pid', 'user', 'severity', 'command_tag', 'text'], category: 'severity' },
};
