// Every operation the gateway documents, probed input by input: text PostgreSQL cannot store and numbers
// its columns cannot hold answer a 4xx problem naming the field, and no table changes. The routes are read
// from /openapi.json, so a route added later is probed without editing this test.
import { createSql, type Sql } from '@shop/platform';
import { useTestEnvironment } from '@shop/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type BadValue,
  type OpenApiDocument,
  type Probe,
  probesOf,
  type Schema,
  typeOf,
  validValue,
} from '../fixtures/openapi-probes.js';
import { signInAdmin } from '../fixtures/order-saga-fixtures.js';
import { type RunningSystem, startSystem } from '../fixtures/system.js';
import { settledFingerprints } from '../fixtures/table-fingerprints.js';

const env = useTestEnvironment();
const SCHEMAS = ['auth', 'catalog', 'orders', 'analytics'];
// Every table is compared: no probe may change anything, not even a login attempt or a session.
const EXCLUDED_TABLES: string[] = [];
const INT4_MAX = 2_147_483_647;

let system: RunningSystem;
let sql: Sql;
let adminToken: string;
let document: OpenApiDocument;

beforeAll(async () => {
  system = await startSystem(env);
  // Tables are named with their schema, so the search_path does not matter.
  sql = createSql(env.databaseUrl, { schema: 'public', max: 2 });
  const login = await signInAdmin(system.gatewayUrl);
  adminToken = login.token;
  document = (await (await fetch(`${system.gatewayUrl}/openapi.json`)).json()) as OpenApiDocument;
});

afterAll(async () => {
  await sql?.end();
  await system?.stop();
});

const isText = (schema: Schema) => typeOf(schema) === 'string';

/** NUL and a lone surrogate in text; in a URL also the surrogate's UTF-8 form and broken escapes. */
function unstorableText(schema: Schema): BadValue[] {
  if (!isText(schema)) return [];
  const valid = String(validValue(schema));
  const encoded = encodeURIComponent(valid);
  return [
    { label: 'NUL', json: `${valid}\u0000`, raw: `${encoded}%00` },
    // A lone surrogate cannot be percent-encoded (encodeURIComponent throws): its would-be UTF-8 is sent.
    { label: 'lone surrogate', json: `${valid}\ud800`, raw: `${encoded}%ED%A0%80` },
    { label: 'malformed %FF', raw: `${encoded}%FF` },
    { label: 'bare %', raw: `${encoded}%` },
  ];
}

/** Integers past int4, and amounts past numeric(12,2); in a URL also a number-looking text parameter. */
function outOfRangeNumbers(schema: Schema): BadValue[] {
  const type = typeOf(schema);
  const asBad = (label: string, value: number | string) => ({ label, json: value, raw: String(value) });
  if (type === 'integer') return [asBad('past int4', INT4_MAX + 1), asBad('below int4', -INT4_MAX - 2)];
  if (type === 'number') {
    return [asBad('past numeric(12,2)', 10_000_000_000), asBad('3 decimals', 1.005), asBad('huge', 1e300)];
  }
  if (type === 'string' && /^\d+(\.\d+)?$/.test(String(validValue(schema)))) {
    return ['99999999999.99', '1.005', '1e3'].map((raw) => ({ label: `text ${raw}`, raw }));
  }
  return [];
}

async function send(probe: Probe) {
  const response = await fetch(`${system.gatewayUrl}${probe.path}`, {
    method: probe.method,
    headers: {
      ...(probe.body === undefined ? {} : { 'content-type': 'application/json' }),
      // The admin may call every route, and the admin-only ones need it.
      ...(probe.secured ? { authorization: `Bearer ${adminToken}` } : {}),
    },
    ...(probe.body === undefined ? {} : { body: JSON.stringify(probe.body) }),
  });
  const text = await response.text();
  return { status: response.status, contentType: response.headers.get('content-type'), text };
}

/** What is wrong with the answer to a probe, or undefined when it is a 4xx problem naming the field. */
function complaintAbout(probe: Probe, answer: Awaited<ReturnType<typeof send>>): string | undefined {
  const where = `${probe.operation} ${probe.field} (${probe.label}) → ${answer.status} ${answer.text.slice(0, 200)}`;
  if (answer.status < 400 || answer.status > 499) return where;
  if (answer.contentType !== 'application/problem+json') return `${where} [${answer.contentType}]`;
  if (answer.status !== 400) return undefined;
  const errors = (JSON.parse(answer.text) as { errors?: Array<{ path: string }> }).errors ?? [];
  return errors.some((error) => error.path === probe.field) ? undefined : `${where} [field not named]`;
}

async function probeEverything(badValuesFor: (schema: Schema) => BadValue[]) {
  const probes = probesOf(document, badValuesFor);
  const before = await settledFingerprints(sql, SCHEMAS, EXCLUDED_TABLES);
  const complaints: string[] = [];
  for (const probe of probes) {
    const complaint = complaintAbout(probe, await send(probe));
    if (complaint) complaints.push(complaint);
  }
  const after = await settledFingerprints(sql, SCHEMAS, EXCLUDED_TABLES);
  return { probes, complaints, before, after };
}

describe('input PostgreSQL cannot store, through the gateway, on every documented operation', () => {
  it('NUL, lone surrogates and malformed percent-encoding answer 4xx naming the field, and change nothing', async () => {
    const { probes, complaints, before, after } = await probeEverything(unstorableText);

    expect(probes.length).toBeGreaterThan(100);
    expect(Object.keys(before).length).toBeGreaterThan(15);
    expect(complaints).toEqual([]);
    expect(after).toEqual(before);
  });

  it('integers past int4 and amounts past numeric(12,2) answer 4xx naming the field, and change nothing', async () => {
    const { probes, complaints, before, after } = await probeEverything(outOfRangeNumbers);

    expect(probes.length).toBeGreaterThan(30);
    expect(complaints).toEqual([]);
    expect(after).toEqual(before);
  });
});
