/**
 * What the parsers' sample generators share, so that the same seed gives the same lines on every runtime
 * and all formats draw on one realistic world: a tiny seeded PRNG (mulberry32) and its draws, the time
 * layouts RDS writes, and the content (application servers, application SQL with literals and some
 * multi-line statements, rdsadmin's heartbeat).
 *
 * Each parser keeps its own formatter (its inverse: fields in, the exact line out) and its generator in its
 * own file, beside the `sample` it declares. This module sits below the parsers and imports none of them,
 * so any parser can use it without a cycle; core/samples/log-lines.ts builds the sample catalogue
 * (`sampleEvents`, `sampleFormats`...) from the list of parsers on top of it.
 *
 * @example
 * ```ts
 * appQuery(mulberry32(7), SAMPLE_START_MS);
 * // "SELECT id, sku, name, price_cents, stock FROM products WHERE id IN (4885, 4906, 4946)"
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

/**
 * `n` zero-padded to `width` digits.
 *
 * @example
 * ```ts
 * pad(7); // "07"
 * pad(42, 6); // "000042"
 * ```
 */
export const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/**
 * ISO 8601 with microseconds, as MySQL 5.7/8.0 writes it: `2026-11-25T11:41:00.123456Z`.
 *
 * @example
 * ```ts
 * isoMicros(Date.UTC(2026, 10, 25, 11, 41, 0, 123), 456); // "2026-11-25T11:41:00.123456Z"
 * ```
 */
export function isoMicros(epochMs: number, extraMicros: number): string {
  return `${new Date(Math.floor(epochMs)).toISOString().slice(0, 23)}${pad(extraMicros, 3)}Z`;
}

/**
 * Reads the fields of a canonical ISO string (`YYYY-MM-DDTHH:MM:SS[.f]Z`).
 *
 * @example
 * ```ts
 * isoParts("2026-11-25T09:41:00Z").h; // 9
 * ```
 */
export function isoParts(iso: string): { date: string; y: string; mo: string; d: string; h: number; mi: string; s: string; fraction: string } {
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

/**
 * MySQL 5.6's `YYMMDD H:MM:SS` with the hour space-padded (`%2d`).
 *
 * @example
 * ```ts
 * mysqlShortTime("2026-11-25T09:41:00Z"); // "261125  9:41:00"
 * ```
 */
export function mysqlShortTime(iso: string): string {
  const t = isoParts(iso);
  return `${t.y.slice(2)}${t.mo}${t.d} ${String(t.h).padStart(2, ' ')}:${t.mi}:${t.s}`;
}

// ---------------------------------------------------------------------------------------------------
// Realistic content

const FIRST_NAMES = ['Maria', 'James', 'Aiko', 'Oluwaseun', 'Lena', 'Carlos', 'Priya', 'Sean', 'Fatima', 'Mateo'] as const;
const LAST_NAMES = ["O'Connor", 'Schmidt', 'Tanaka', 'Adeyemi', 'Novak', 'Garcia', 'Iyer', 'Murphy', 'Haddad', 'Rossi'] as const;
const STATUSES = ['pending', 'paid', 'shipped', 'delivered', 'refunded'] as const;
/** Addresses of the application servers in the samples. */
export const APP_IPS = ['10.0.0.7', '10.0.0.12', '10.0.1.23', '10.0.2.41', '172.31.14.9'] as const;

/**
 * A `YYYY-MM-DD HH:MM:SS` literal up to a day before `epochMs`, as SQL statements quote times.
 *
 * @example
 * ```ts
 * dateTime(mulberry32(1), SAMPLE_START_MS); // "2026-11-24 20:38:00"
 * ```
 */
export function dateTime(rng: Rng, epochMs: number): string {
  const iso = new Date(epochMs - int(rng, 0, 86_400_000)).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}`;
}

/**
 * `length` random lowercase hex digits (tokens, trace and request ids).
 *
 * @example
 * ```ts
 * hex(mulberry32(1), 16); // "a08ff49b6f772632"
 * ```
 */
export function hex(rng: Rng, length: number): string {
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
 * appQuery(mulberry32(1), SAMPLE_START_MS); // "SELECT c.id, c.email, COUNT(o.id) AS orders FROM customers c LEFT JOIN ... GROUP BY c.id"
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

/**
 * The statements RDS's own agent runs as rdsadmin.
 *
 * @example
 * ```ts
 * rdsadminQuery(mulberry32(1), SAMPLE_START_MS); // "SELECT 1", a heartbeat write, "FLUSH LOGS"...
 * ```
 */
export function rdsadminQuery(rng: Rng, epochMs: number): string {
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

/** How many application connections the samples spread their threads over. */
export const THREADS_APP = 48;

/** Default start of sample data: 2026-11-25T11:41:00Z. */
export const SAMPLE_START_MS = Date.UTC(2026, 10, 25, 11, 41, 0);
