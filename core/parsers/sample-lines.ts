/**
 * Deterministic, realistic log lines: the formatters that are each parser's inverse (fields in, the exact
 * line out) and the generators each parser declares as its `sample`. The same seed always gives the same
 * lines on every runtime: a tiny seeded PRNG (mulberry32) drives generators that write what RDS actually
 * writes (rdsadmin's heartbeat, driver chatter, application SQL with literals, some multi-line statements).
 *
 * It lives beside the parsers, below them, so a parser module can name its generator without a cycle;
 * core/samples/log-lines.ts builds the sample catalogue (`sampleEvents`, `sampleFormats`...) from the list
 * of parsers on top of it.
 *
 * @example
 * ```ts
 * const rng = mulberry32(7);
 * mysqlGeneralLine(rng, Date.UTC(2026, 10, 25, 11, 41));
 * // "2026-11-25T11:41:00.000011Z\t    9 Query\tINSERT INTO mysql.rds_heartbeat2(id, value) values (1,1795606860000) ON DUPLICATE KEY UPDATE value = 1795606860000"
 * ```
 * @module
 */

/** A source of uniform numbers in [0, 1). */
export type Rng = () => number;

/**
 * mulberry32: a 32-bit seeded generator, tiny and fast, good enough for sample data (not for secrets).
 *
 * @example
 * ```ts
 * const rng = mulberry32(42);
 * rng(); // 0.6011037519201636, on every runtime
 * ```
 */
export function mulberry32(seed: number): Rng {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * An integer in [min, max].
 *
 * @example
 * ```ts
 * int(mulberry32(1), 1, 6); // a die roll
 * ```
 */
export const int = (rng: Rng, min: number, max: number): number => min + Math.floor(rng() * (max - min + 1));

/**
 * One element of a non-empty list.
 *
 * @example
 * ```ts
 * pick(mulberry32(1), ["a", "b"] as const); // "a" or "b"
 * ```
 */
export function pick<T>(rng: Rng, items: readonly [T, ...T[]]): T {
  return items[Math.floor(rng() * items.length)] ?? items[0];
}

/**
 * One element of a weighted list `[weight, value]`.
 *
 * @example
 * ```ts
 * weighted(mulberry32(1), [[9, "LOG"], [1, "ERROR"]] as const); // "LOG" nine times in ten
 * ```
 */
export function weighted<T>(rng: Rng, items: readonly [readonly [number, T], ...(readonly [number, T])[]]): T {
  let total = 0;
  for (const [weight] of items) total += weight;
  let roll = rng() * total;
  for (const [weight, value] of items) {
    roll -= weight;
    if (roll < 0) return value;
  }
  return items[0][1];
}

// ---------------------------------------------------------------------------------------------------
// Time formatting (UTC, as RDS writes it)

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** ISO 8601 with microseconds, as MySQL 5.7/8.0 writes it: `2026-11-25T11:41:00.123456Z`. */
function isoMicros(epochMs: number, extraMicros: number): string {
  return `${new Date(Math.floor(epochMs)).toISOString().slice(0, 23)}${pad(extraMicros, 3)}Z`;
}

/** Reads the fields of a canonical ISO string (`YYYY-MM-DDTHH:MM:SS[.f]Z`). */
function isoParts(iso: string): { date: string; y: string; mo: string; d: string; h: number; mi: string; s: string; fraction: string } {
  const fractionEnd = iso.endsWith('Z') ? iso.length - 1 : iso.length;
  return {
    date: iso.slice(0, 10),
    y: iso.slice(0, 4),
    mo: iso.slice(5, 7),
    d: iso.slice(8, 10),
    h: Number(iso.slice(11, 13)),
    mi: iso.slice(14, 16),
    s: iso.slice(17, 19),
    fraction: iso.charAt(19) === '.' ? iso.slice(20, fractionEnd) : '',
  };
}

/** MySQL 5.6's `YYMMDD H:MM:SS` with the hour space-padded (`%2d`). */
function mysqlShortTime(iso: string): string {
  const t = isoParts(iso);
  return `${t.y.slice(2)}${t.mo}${t.d} ${String(t.h).padStart(2, ' ')}:${t.mi}:${t.s}`;
}

// ---------------------------------------------------------------------------------------------------
// Formatters: the inverses of the parsers

/** The fields of one general-log line. */
export interface MysqlGeneralLine {
  /** Canonical UTC ISO time; absent for 5.6's same-second `\t\t` lines. */
  readonly time?: string;
  readonly threadId: number;
  readonly command: string;
  readonly argument: string;
  /** `iso` (5.7/8.0, the default) or `5.6` (`YYMMDD H:MM:SS`, whole seconds). */
  readonly layout?: 'iso' | '5.6';
}

/**
 * Writes a general-log line exactly as mysqld does (`%5u ` thread id, tab-separated command).
 *
 * @example
 * ```ts
 * formatMysqlGeneral({ time: "2026-11-25T11:41:00.123456Z", threadId: 42, command: "Query", argument: "SELECT 1" });
 * // "2026-11-25T11:41:00.123456Z\t   42 Query\tSELECT 1"
 * ```
 */
export function formatMysqlGeneral(line: MysqlGeneralLine): string {
  const time = line.time === undefined ? '\t' : line.layout === '5.6' ? mysqlShortTime(line.time) : line.time;
  return `${time}\t${String(line.threadId).padStart(5, ' ')} ${line.command}\t${line.argument}`;
}

/** The fields of one slow-log entry. */
export interface MysqlSlowEntry {
  /** Canonical UTC ISO time for `# Time:`; absent to leave the line out. */
  readonly time?: string;
  readonly user: string;
  readonly host?: string;
  readonly ip?: string;
  readonly threadId: number;
  readonly queryTime: number;
  readonly lockTime: number;
  readonly rowsSent: number;
  readonly rowsExamined: number;
  readonly db?: string;
  /** Epoch seconds for `SET timestamp=`. */
  readonly setTimestamp: number;
  readonly statement: string;
}

/**
 * Writes a slow-log entry in the 8.0 layout (six-decimal times).
 *
 * @example
 * ```ts
 * formatMysqlSlow({ time: "2026-11-25T11:41:00.123456Z", user: "app", host: "ip-10-0-0-7.ec2.internal", ip: "10.0.0.7",
 *   threadId: 42, queryTime: 2.000123, lockTime: 0.000101, rowsSent: 1, rowsExamined: 250000, db: "shop",
 *   setTimestamp: 1795606860, statement: "SELECT 1;" });
 * // "# Time: 2026-11-25T11:41:00.123456Z\n# User@Host: app[app] @ ip-10-0-0-7.ec2.internal [10.0.0.7]  Id:    42\n..."
 * ```
 */
export function formatMysqlSlow(entry: MysqlSlowEntry): string {
  const lines: string[] = [];
  if (entry.time !== undefined) lines.push(`# Time: ${entry.time}`);
  lines.push(`# User@Host: ${entry.user}[${entry.user}] @ ${entry.host ?? ''} [${entry.ip ?? ''}]  Id: ${String(entry.threadId).padStart(5, ' ')}`);
  lines.push(
    `# Query_time: ${entry.queryTime.toFixed(6)}  Lock_time: ${entry.lockTime.toFixed(6)} Rows_sent: ${entry.rowsSent}  Rows_examined: ${entry.rowsExamined}`,
  );
  if (entry.db !== undefined) lines.push(`use ${entry.db};`);
  lines.push(`SET timestamp=${entry.setTimestamp};`);
  lines.push(entry.statement);
  return lines.join('\n');
}

/** The fields of one error-log line. */
export interface MysqlErrorLine {
  readonly time: string;
  readonly threadId?: number;
  readonly level?: string;
  readonly errorCode?: string;
  readonly subsystem?: string;
  readonly text: string;
  /** `iso` (5.7/8.0, the default), `mariadb` (`YYYY-MM-DD HH:MM:SS`) or `legacy` (`YYMMDD H:MM:SS`). */
  readonly layout?: 'iso' | 'mariadb' | 'legacy';
}

/**
 * Writes an error-log line; the bracketed parts appear only when given.
 *
 * @example
 * ```ts
 * formatMysqlError({ time: "2026-11-25T11:41:00.123456Z", threadId: 0, level: "Warning", errorCode: "MY-010055", subsystem: "Server", text: "x" });
 * // "2026-11-25T11:41:00.123456Z 0 [Warning] [MY-010055] [Server] x"
 * ```
 */
export function formatMysqlError(line: MysqlErrorLine): string {
  const time = line.layout === 'legacy'
    ? mysqlShortTime(line.time)
    : line.layout === 'mariadb'
    ? `${line.time.slice(0, 10)} ${line.time.slice(11, 19)}`
    : line.time;
  const parts = [time];
  if (line.threadId !== undefined) parts.push(String(line.threadId));
  if (line.level !== undefined) parts.push(`[${line.level}]`);
  if (line.errorCode !== undefined) parts.push(`[${line.errorCode}]`);
  if (line.subsystem !== undefined) parts.push(`[${line.subsystem}]`);
  parts.push(line.text);
  return parts.join(' ');
}

/** The fields of one audit record. */
export interface MariadbAuditRecord {
  readonly time: string;
  readonly serverHost: string;
  readonly user: string;
  readonly host: string;
  readonly connectionId: number;
  readonly queryId: number;
  readonly operation: string;
  readonly db: string;
  readonly object: string;
  /** Absent for table events (READ, WRITE...), which end with a bare comma. */
  readonly retcode?: number;
}

/** The plugin's escaping of a quoted object. */
function escapeAuditObject(object: string): string {
  return object.replace(/[\\'\n\r\t]/g, (c) => (c === '\n' ? '\\n' : c === '\r' ? '\\r' : c === '\t' ? '\\t' : `\\${c}`));
}

/**
 * Writes an audit record as the MariaDB audit plugin does: QUERY* objects quoted and escaped, others bare.
 *
 * @example
 * ```ts
 * formatMariadbAudit({ time: "2026-11-25T11:41:00Z", serverHost: "ip-10-0-0-1", user: "app", host: "10.0.0.7",
 *   connectionId: 42, queryId: 1001, operation: "QUERY", db: "shop", object: "SELECT 'x'", retcode: 0 });
 * // "20261125 11:41:00,ip-10-0-0-1,app,10.0.0.7,42,1001,QUERY,shop,'SELECT \\'x\\'',0"
 * ```
 */
export function formatMariadbAudit(record: MariadbAuditRecord): string {
  const t = isoParts(record.time);
  const object = record.operation.startsWith('QUERY') ? `'${escapeAuditObject(record.object)}'` : record.object;
  return [
    `${t.y}${t.mo}${t.d} ${pad(t.h)}:${t.mi}:${t.s}`,
    record.serverHost,
    record.user,
    record.host,
    record.connectionId,
    record.queryId,
    record.operation,
    record.db,
    object,
    record.retcode ?? '',
  ].join(',');
}

/** The fields of one PostgreSQL log line. */
export interface PostgresqlLine {
  readonly time: string;
  /** An address or `[local]`; absent for background processes. */
  readonly clientHost?: string;
  readonly clientPort?: number;
  readonly user?: string;
  readonly db?: string;
  readonly pid: number;
  readonly severity: string;
  readonly text: string;
}

/**
 * Writes a line with the RDS default prefix `%t:%r:%u@%d:[%p]:` (whole seconds, ` UTC`).
 *
 * @example
 * ```ts
 * formatPostgresql({ time: "2026-11-25T11:41:00Z", clientHost: "10.0.0.7", clientPort: 54321, user: "app", db: "shop",
 *   pid: 1234, severity: "LOG", text: "statement: SELECT 1" });
 * // "2026-11-25 11:41:00 UTC:10.0.0.7(54321):app@shop:[1234]:LOG:  statement: SELECT 1"
 * ```
 */
export function formatPostgresql(line: PostgresqlLine): string {
  const client = line.clientHost === undefined ? '' : line.clientPort === undefined ? line.clientHost : `${line.clientHost}(${line.clientPort})`;
  return `${line.time.slice(0, 10)} ${line.time.slice(11, 19)} UTC:${client}:${line.user ?? ''}@${line.db ?? ''}:[${line.pid}]:${line.severity}:  ${line.text}`;
}

// ---------------------------------------------------------------------------------------------------
// Realistic content

const FIRST_NAMES = ['Maria', 'James', 'Aiko', 'Oluwaseun', 'Lena', 'Carlos', 'Priya', 'Sean', 'Fatima', 'Mateo'] as const;
const LAST_NAMES = ["O'Connor", 'Schmidt', 'Tanaka', 'Adeyemi', 'Novak', 'Garcia', 'Iyer', 'Murphy', 'Haddad', 'Rossi'] as const;
const STATUSES = ['pending', 'paid', 'shipped', 'delivered', 'refunded'] as const;
/** Addresses of the application servers in the samples. */
export const APP_IPS = ['10.0.0.7', '10.0.0.12', '10.0.1.23', '10.0.2.41', '172.31.14.9'] as const;
const ADMIN_IPS = ['10.0.1.5', '10.0.3.77'] as const;

function dateTime(rng: Rng, epochMs: number): string {
  const iso = new Date(epochMs - int(rng, 0, 86_400_000)).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}`;
}

function hex(rng: Rng, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += '0123456789abcdef'.charAt(int(rng, 0, 15));
  return out;
}

/** A version 4 UUID, as ORMs put in primary keys. */
function uuid(rng: Rng): string {
  return `${hex(rng, 8)}-${hex(rng, 4)}-4${hex(rng, 3)}-${'89ab'.charAt(int(rng, 0, 3))}${hex(rng, 3)}-${hex(rng, 12)}`;
}

const AUDIT_ACTIONS = ['order.created', 'order.paid', 'order.shipped', 'cart.updated', 'customer.login', 'customer.password_changed'] as const;

function email(rng: Rng): string {
  const last = pick(rng, LAST_NAMES).toLowerCase().replace("'", '');
  return `${pick(rng, FIRST_NAMES).toLowerCase()}.${last}${int(rng, 1, 99)}@example.com`;
}

/**
 * SQL the application sends, with literals; some statements span several lines.
 *
 * @example
 * ```ts
 * appQuery(mulberry32(1), SAMPLE_START_MS); // "SELECT o.id, o.status, ... LIMIT 20"
 * ```
 */
export function appQuery(rng: Rng, epochMs: number): string {
  const customer = int(rng, 1000, 99_999);
  const order = int(rng, 100_000, 999_999);
  const product = int(rng, 1, 5000);
  return weighted(rng, [
    [
      14,
      `SELECT o.id, o.status, o.total_cents, o.created_at FROM orders o WHERE o.customer_id = ${customer} AND o.created_at >= '${
        dateTime(rng, epochMs)
      }' ORDER BY o.created_at DESC LIMIT 20`,
    ],
    [10, `SELECT id, sku, name, price_cents, stock FROM products WHERE id IN (${product}, ${product + int(rng, 1, 40)}, ${product + int(rng, 41, 90)})`],
    [
      8,
      `INSERT INTO order_items (order_id, product_id, quantity, unit_price_cents) VALUES (${order}, ${product}, ${int(rng, 1, 5)}, ${int(rng, 199, 49_999)})`,
    ],
    [8, `UPDATE inventory SET reserved = reserved + ${int(rng, 1, 5)}, updated_at = NOW(6) WHERE product_id = ${product} AND warehouse_id = ${int(rng, 1, 4)}`],
    [6, `UPDATE orders SET status = '${pick(rng, STATUSES)}', updated_at = '${dateTime(rng, epochMs)}' WHERE id = ${order}`],
    [6, `UPDATE sessions SET last_seen_at = NOW(), ip = '${pick(rng, APP_IPS)}' WHERE token = '${hex(rng, 32)}'`],
    [
      5,
      `INSERT INTO customers (email, first_name, last_name, created_at) VALUES ('${email(rng)}', '${pick(rng, FIRST_NAMES)}', '${
        pick(rng, LAST_NAMES).replace("'", "\\'")
      }', NOW())`,
    ],
    [4, `DELETE FROM cart_items WHERE cart_id = ${int(rng, 1, 500_000)} AND product_id = ${product}`],
    [
      4,
      `SELECT c.id, c.email, COUNT(o.id) AS orders FROM customers c LEFT JOIN orders o ON o.customer_id = c.id WHERE c.email = '${email(rng)}' GROUP BY c.id`,
    ],
    [
      3,
      `SELECT p.id, p.name, SUM(oi.quantity) AS sold\nFROM order_items oi\n  JOIN products p ON p.id = oi.product_id\nWHERE oi.created_at >= '${
        dateTime(rng, epochMs)
      }'\nGROUP BY p.id, p.name\nORDER BY sold DESC\nLIMIT 10`,
    ],
    [
      2,
      `INSERT INTO orders (customer_id, status, total_cents, currency, created_at)\nVALUES (${customer}, 'pending', ${int(rng, 500, 250_000)}, 'EUR', NOW(6))`,
    ],
    // ORM-generated statements: long column lists, quoted identifiers, UUIDs and JSON payloads.
    [
      12,
      `SELECT \`orders\`.\`id\`, \`orders\`.\`uuid\`, \`orders\`.\`customer_id\`, \`orders\`.\`status\`, \`orders\`.\`total_cents\`, \`orders\`.\`currency\`, \`orders\`.\`shipping_address_id\`, \`orders\`.\`billing_address_id\`, \`orders\`.\`created_at\`, \`orders\`.\`updated_at\` FROM \`orders\` WHERE \`orders\`.\`uuid\` = '${
        uuid(rng)
      }' LIMIT 1`,
    ],
    [
      8,
      `INSERT INTO \`audit_events\` (\`id\`, \`actor_id\`, \`action\`, \`payload\`, \`created_at\`) VALUES ('${uuid(rng)}', ${customer}, '${
        pick(rng, AUDIT_ACTIONS)
      }', '{\\"order_id\\":${order},\\"ip\\":\\"${pick(rng, APP_IPS)}\\",\\"trace_id\\":\\"${hex(rng, 32)}\\",\\"session\\":\\"${hex(rng, 24)}\\"}', '${
        dateTime(rng, epochMs)
      }.${pad(int(rng, 0, 999_999), 6)}')`,
    ],
    [
      10,
      `UPDATE \`carts\` SET \`items\` = '[${
        Array.from(
          { length: int(rng, 1, 4) },
          () => `{\\"sku\\":\\"SKU-${hex(rng, 8)}\\",\\"qty\\":${int(rng, 1, 9)},\\"price_cents\\":${int(rng, 199, 49_999)}}`,
        ).join(',')
      }]', \`updated_at\` = '${dateTime(rng, epochMs)}.${pad(int(rng, 0, 999_999), 6)}', \`lock_version\` = ${int(rng, 2, 90)} WHERE \`carts\`.\`id\` = '${
        uuid(rng)
      }'`,
    ],
    [
      8,
      `SELECT \`sessions\`.* FROM \`sessions\` WHERE \`sessions\`.\`token\` = '${hex(rng, 64)}' AND \`sessions\`.\`expires_at\` > '${
        dateTime(rng, epochMs)
      }' LIMIT 1`,
    ],
    [
      4,
      `INSERT INTO order_items (order_id, product_id, quantity, unit_price_cents) VALUES ${
        Array.from({ length: int(rng, 2, 6) }, () => `(${order}, ${int(rng, 1, 5000)}, ${int(rng, 1, 5)}, ${int(rng, 199, 49_999)})`).join(', ')
      }`,
    ],
    [4, 'BEGIN'],
    [4, 'COMMIT'],
    [2, 'ROLLBACK'],
    [2, 'SET autocommit=1'],
    [2, 'SELECT @@session.transaction_isolation'],
    [1, "SET NAMES utf8mb4 COLLATE 'utf8mb4_0900_ai_ci'"],
  ]);
}

/** The statements RDS's own agent runs as rdsadmin. */
function rdsadminQuery(rng: Rng, epochMs: number): string {
  const now = Math.floor(epochMs);
  return weighted(rng, [
    [4, 'SELECT 1'],
    [3, `INSERT INTO mysql.rds_heartbeat2(id, value) values (1,${now}) ON DUPLICATE KEY UPDATE value = ${now}`],
    [3, 'SELECT value FROM mysql.rds_heartbeat2'],
    [2, "SELECT count(*) from information_schema.TABLES where TABLE_SCHEMA = 'mysql' and TABLE_NAME = 'rds_heartbeat2'"],
    [1, 'SELECT @@GLOBAL.read_only, @@GLOBAL.innodb_read_only, @@GLOBAL.gtid_mode'],
    [1, `PURGE BINARY LOGS TO 'mysql-bin-changelog.${pad(int(rng, 1, 99_999), 6)}'`],
    [1, 'FLUSH LOGS'],
  ]);
}

const THREADS_APP = 48;

/**
 * One realistic general-log line at `epochMs` (plus random microseconds).
 *
 * @example
 * ```ts
 * mysqlGeneralLine(mulberry32(1), Date.UTC(2026, 10, 25, 11, 41)); // "2026-11-25T11:41:00.…Z\t   … Query\t…"
 * ```
 */
export function mysqlGeneralLine(rng: Rng, epochMs: number): string {
  const time = isoMicros(epochMs, int(rng, 0, 999));
  const rdsadmin = rng() < 0.12;
  const threadId = rdsadmin ? int(rng, 2, 9) : int(rng, 10, 10 + THREADS_APP) + (rng() < 0.05 ? 1_000_000 : 0);
  if (rdsadmin) {
    const command = weighted(
      rng,
      [
        [8, 'Query'],
        [1, 'Connect'],
        [1, 'Quit'],
      ] as const,
    );
    const argument = command === 'Query' ? rdsadminQuery(rng, epochMs) : command === 'Connect' ? 'rdsadmin@localhost on  using Socket' : '';
    return formatMysqlGeneral({ time, threadId, command, argument });
  }
  const command = weighted(
    rng,
    [
      [70, 'Query'],
      [6, 'Connect'],
      [6, 'Quit'],
      [3, 'Init DB'],
      [4, 'Prepare'],
      [5, 'Execute'],
      [3, 'Close stmt'],
      [1, 'Ping'],
      [0.3, 'Field List'],
      [0.2, 'Statistics'],
      [0.2, 'Reset Connection'],
      [0.1, 'Binlog Dump GTID'],
    ] as const,
  );
  let argument = '';
  switch (command) {
    case 'Query':
      argument = appQuery(rng, epochMs);
      break;
    case 'Connect':
      argument = weighted(rng, [
        [8, `app@${pick(rng, APP_IPS)} on shop using TCP/IP`],
        [2, `app@${pick(rng, APP_IPS)} on shop using SSL/TLS`],
        [1, `admin@${pick(rng, ADMIN_IPS)} on  using SSL/TLS`],
        [0.5, `Access denied for user 'app'@'${pick(rng, APP_IPS)}' (using password: YES)`],
      ]);
      break;
    case 'Init DB':
      argument = pick(rng, ['shop', 'shop', 'shop_archive', 'analytics']);
      break;
    case 'Prepare':
      argument = pick(rng, [
        'SELECT id, status, total_cents FROM orders WHERE customer_id = ? ORDER BY created_at DESC LIMIT ?',
        'UPDATE inventory SET reserved = reserved + ? WHERE product_id = ? AND warehouse_id = ?',
        'INSERT INTO audit_events (actor_id, action, payload, created_at) VALUES (?, ?, ?, NOW(6))',
      ]);
      break;
    case 'Execute':
      argument = `SELECT id, status, total_cents FROM orders WHERE customer_id = ${int(rng, 1000, 99_999)} ORDER BY created_at DESC LIMIT 20`;
      break;
    case 'Field List':
      argument = 'orders ';
      break;
    case 'Binlog Dump GTID':
      argument = `Log: 'mysql-bin-changelog.${pad(int(rng, 1, 99_999), 6)}'  Pos: 4 GTIDs: ''`;
      break;
    default:
      argument = '';
  }
  return formatMysqlGeneral({ time, threadId, command, argument });
}

/**
 * One realistic slow-log entry (several lines) at `epochMs`.
 *
 * @example
 * ```ts
 * mysqlSlowEntry(mulberry32(1), Date.UTC(2026, 10, 25, 11, 41)).split("\n")[0]; // "# Time: 2026-11-25T11:41:00.…Z"
 * ```
 */
export function mysqlSlowEntry(rng: Rng, epochMs: number): string {
  const queryTime = int(rng, 1_000_000, 30_000_000) / 1e6;
  const ip = pick(rng, APP_IPS);
  const statement = weighted(rng, [
    [
      3,
      `SELECT c.id, c.email, SUM(o.total_cents) AS lifetime_cents FROM customers c JOIN orders o ON o.customer_id = c.id WHERE o.created_at >= '${
        dateTime(rng, epochMs)
      }' GROUP BY c.id ORDER BY lifetime_cents DESC LIMIT 100;`,
    ],
    [
      2,
      `SELECT p.id, p.name, SUM(oi.quantity) AS sold\nFROM order_items oi\n  JOIN products p ON p.id = oi.product_id\nWHERE oi.created_at >= '${
        dateTime(rng, epochMs)
      }'\nGROUP BY p.id, p.name\nORDER BY sold DESC;`,
    ],
    [2, `UPDATE orders SET status = 'delivered' WHERE status = 'shipped' AND shipped_at < '${dateTime(rng, epochMs)}';`],
    [1, `DELETE FROM sessions WHERE last_seen_at < '${dateTime(rng, epochMs)}';`],
  ]);
  return formatMysqlSlow({
    time: isoMicros(epochMs, int(rng, 0, 999)),
    user: 'app',
    host: `ip-${ip.replaceAll('.', '-')}.ec2.internal`,
    ip,
    threadId: int(rng, 10, 10 + THREADS_APP),
    queryTime,
    lockTime: int(rng, 50, 2000) / 1e6,
    rowsSent: int(rng, 0, 100),
    rowsExamined: int(rng, 10_000, 5_000_000),
    db: 'shop',
    setTimestamp: Math.floor(epochMs / 1000),
    statement,
  });
}

/**
 * One realistic MySQL 8.0 error-log line at `epochMs`.
 *
 * @example
 * ```ts
 * mysqlErrorLine(mulberry32(1), Date.UTC(2026, 10, 25, 11, 41)); // "2026-11-25T11:41:00.…Z 0 [Note] [MY-…] [Server] …"
 * ```
 */
export function mysqlErrorLine(rng: Rng, epochMs: number): string {
  const time = isoMicros(epochMs, int(rng, 0, 999));
  const thread = int(rng, 10, 10 + THREADS_APP);
  const [level, errorCode, subsystem, text] = weighted(
    rng,
    [
      [5, [
        'Note',
        'MY-010914',
        'Server',
        `Aborted connection ${thread} to db: 'shop' user: 'app' host: '${pick(rng, APP_IPS)}' (Got an error reading communication packets).`,
      ]],
      [3, ['Warning', 'MY-010055', 'Server', `IP address '${pick(rng, APP_IPS)}' could not be resolved: Name or service not known`]],
      [1, [
        'Warning',
        'MY-013360',
        'Server',
        "Plugin sha256_password reported: ''sha256_password' is deprecated and will be removed in a future release. Please use caching_sha2_password instead'",
      ]],
      [1, ['System', 'MY-010116', 'Server', '/rdsdbbin/mysql/bin/mysqld (mysqld 8.0.35) starting as process 512']],
      [1, ['Note', 'MY-012487', 'InnoDB', 'DDL log recovery : begin']],
      [1, [
        'ERROR',
        'MY-010584',
        'Repl',
        "Replica SQL for channel '': Error 'Duplicate entry '1042' for key 'orders.PRIMARY'' on query. Default database: 'shop'.",
      ]],
    ] as const,
  );
  return formatMysqlError({ time, threadId: level === 'Note' && errorCode === 'MY-010914' ? thread : 0, level, errorCode, subsystem, text });
}

/**
 * One realistic MariaDB audit record at `epochMs`.
 *
 * @example
 * ```ts
 * mariadbAuditLine(mulberry32(1), Date.UTC(2026, 10, 25, 11, 41)); // "20261125 11:41:00,ip-10-0-0-1,app,10.0.0.7,…"
 * ```
 */
export function mariadbAuditLine(rng: Rng, epochMs: number): string {
  const operation = weighted(
    rng,
    [
      [8, 'QUERY'],
      [1, 'CONNECT'],
      [1, 'DISCONNECT'],
      [0.2, 'FAILED_CONNECT'],
    ] as const,
  );
  const admin = rng() < 0.1;
  const failed = operation === 'FAILED_CONNECT';
  return formatMariadbAudit({
    time: new Date(Math.floor(epochMs / 1000) * 1000).toISOString().slice(0, 19) + 'Z',
    serverHost: 'ip-10-0-0-1',
    user: admin ? 'rdsadmin' : 'app',
    host: admin ? 'localhost' : pick(rng, APP_IPS),
    connectionId: int(rng, 10, 10 + THREADS_APP),
    queryId: operation === 'QUERY' ? int(rng, 1000, 9_999_999) : 0,
    operation,
    db: admin ? '' : 'shop',
    object: operation === 'QUERY' ? (admin ? rdsadminQuery(rng, epochMs) : appQuery(rng, epochMs)) : '',
    retcode: failed ? 1045 : 0,
  });
}

/**
 * One realistic PostgreSQL log line (RDS default prefix) at `epochMs`.
 *
 * @example
 * ```ts
 * postgresqlLine(mulberry32(1), Date.UTC(2026, 10, 25, 11, 41)); // "2026-11-25 11:41:00 UTC:10.0.0.7(…):app@shop:[…]:LOG:  …"
 * ```
 */
export function postgresqlLine(rng: Rng, epochMs: number): string {
  const time = new Date(Math.floor(epochMs)).toISOString();
  const pid = int(rng, 1000, 32_000);
  const client = { clientHost: pick(rng, APP_IPS), clientPort: int(rng, 32_768, 60_999), user: 'app', db: 'billing' };
  const kind = weighted(
    rng,
    [
      [6, 'statement'],
      [4, 'duration'],
      [1, 'connection'],
      [1, 'error'],
      [1, 'checkpoint'],
    ] as const,
  );
  switch (kind) {
    case 'statement':
      return formatPostgresql({ time, ...client, pid, severity: 'LOG', text: `statement: ${appQuery(rng, epochMs)}` });
    case 'duration':
      return formatPostgresql({
        time,
        ...client,
        pid,
        severity: 'LOG',
        text: `duration: ${(int(rng, 1, 5_000_000) / 1000).toFixed(3)} ms  statement: ${appQuery(rng, epochMs)}`,
      });
    case 'connection':
      return formatPostgresql({
        time,
        ...client,
        pid,
        severity: 'LOG',
        text: 'connection authorized: user=app database=billing SSL enabled (protocol=TLSv1.3, cipher=TLS_AES_256_GCM_SHA384, bits=256)',
      });
    case 'error':
      return formatPostgresql({
        time,
        ...client,
        pid,
        severity: 'ERROR',
        text: `duplicate key value violates unique constraint "invoices_number_key"\nDETAIL:  Key (number)=(INV-${int(rng, 10_000, 99_999)}) already exists.`,
      });
    default:
      return formatPostgresql({
        time,
        pid: 571,
        severity: 'LOG',
        text: `checkpoint complete: wrote ${int(rng, 10, 5000)} buffers (0.${int(rng, 1, 9)}%); 0 WAL file(s) added, 0 removed, 1 recycled`,
      });
  }
}

/**
 * One realistic structured application log line (JSON) at `epochMs`.
 *
 * @example
 * ```ts
 * JSON.parse(jsonLine(mulberry32(1), Date.UTC(2026, 10, 25, 11, 41))).level; // "info"
 * ```
 */
export function jsonLine(rng: Rng, epochMs: number): string {
  const level = weighted(
    rng,
    [
      [8, 'info'],
      [2, 'warn'],
      [1, 'error'],
    ] as const,
  );
  const route = pick(rng, ['/api/orders', '/api/cart', '/api/checkout', '/health'] as const);
  return JSON.stringify({
    time: new Date(Math.floor(epochMs)).toISOString(),
    level,
    message: level === 'error' ? 'payment provider timed out' : `${pick(rng, ['GET', 'POST'] as const)} ${route}`,
    route,
    status: level === 'error' ? 502 : 200,
    duration_ms: int(rng, 1, 900),
    request_id: hex(rng, 16),
  });
}

/** Default start of sample data: 2026-11-25T11:41:00Z. */
export const SAMPLE_START_MS = Date.UTC(2026, 10, 25, 11, 41, 0);
