'use strict';
/*
 * lib.test.js
 *	  Tests of the runner's pure parts (node --test): the answer checker,
 *	  the .tbl to COPY stream, the schema splitter and the report's maths.
 *	  They need no npm package and no server.
 */
const test = require('node:test');
const assert = require('node:assert');
const path = require('path');
const { compare, decimalKey } = require('../compare');
const { StripBar, schemaStatements, TABLES } = require('../tbl');
const { median, geomean, summarize, markdown } = require('../report');
const { shuffleBytesOf } = require('../util');

const NUM = 1700;
const F8 = 701;
const TXT = 25;

test('decimalKey normalises decimals', () => {
	assert.strictEqual(decimalKey('1.50'), '1.5');
	assert.strictEqual(decimalKey('-001.500'), '-1.5');
	assert.strictEqual(decimalKey('-0.00'), '0');
	assert.strictEqual(decimalKey('12'), '12');
	assert.strictEqual(decimalKey('abc'), null);
});

test('numeric compares exactly, float8 within tolerance', () => {
	const ref = { fields: [{ name: 'n', oid: NUM }, { name: 'f', oid: F8 }], rows: [['25.5375871168549970', '0.1']] };
	assert.ok(compare(ref, { fields: [{}, {}], rows: [['25.537587116854997', '0.10000000000000001']] }).ok);
	const bad = compare(ref, { fields: [{}, {}], rows: [['25.53758711685499', '0.1']] });
	assert.ok(!bad.ok);
	assert.match(bad.note, /row 1 column n/);
	assert.ok(!compare(ref, { fields: [{}, {}], rows: [['25.5375871168549970', '0.1001']] }).ok);
});

test('text is exact, except in loose mode', () => {
	const ref = { fields: [{ name: 's', oid: 1042 }], rows: [['AB   ']] };
	assert.ok(!compare(ref, { fields: [{}], rows: [['AB']] }).ok);
	assert.ok(compare(ref, { fields: [{}], rows: [['AB']] }, true).ok);
});

test('character(n) padding is wrong but named', () => {
	const ref = { fields: [{ name: 'n', oid: 1042 }, { name: 'v', oid: NUM }], rows: [['FRANCE   ', '1.5']] };
	const pad = compare(ref, { fields: [{}, {}], rows: [['FRANCE', '1.50']] });
	assert.ok(!pad.ok);
	assert.ok(pad.padding);
	const wrong = compare(ref, { fields: [{}, {}], rows: [['FRANCE', '1.6']] });
	assert.ok(!wrong.ok && !wrong.padding);
});

test('row and column counts, NULLs and order', () => {
	const ref = { fields: [{ name: 'a', oid: TXT }], rows: [['x'], [null]] };
	assert.match(compare(ref, { fields: [{}], rows: [['x']] }).note, /1 rows, PostgreSQL has 2/);
	assert.match(compare(ref, { fields: [{}, {}], rows: [] }).note, /2 columns/);
	assert.ok(!compare(ref, { fields: [{}], rows: [['x'], ['']] }).ok);
	const swapped = compare(ref, { fields: [{}], rows: [[null], ['x']] });
	assert.ok(swapped.ok);
	assert.match(swapped.note, /order differs/);
});

function strip(chunks)
{
	return new Promise((resolve) => {
		const s = new StripBar();
		const out = [];
		s.on('data', (d) => out.push(d));
		s.on('end', () => resolve({ text: Buffer.concat(out).toString(), lines: s.lines }));
		for (const c of chunks)
			s.write(Buffer.from(c));
		s.end();
	});
}

test('StripBar drops the trailing bar, across chunk boundaries', async () => {
	const r = await strip(['1|a|', '\n2|b|\n3|c', '|', '\n']);
	assert.strictEqual(r.text, '1|a\n2|b\n3|c\n');
	assert.strictEqual(r.lines, 3);
	const inner = await strip(['x|', '|y|\n']);
	assert.strictEqual(inner.text, 'x||y\n');
});

test('schema.sql splits into the eight tables', () => {
	const s = schemaStatements(path.join(__dirname, 'schema-sample.sql'));
	assert.deepStrictEqual(Object.keys(s).sort(), ['lineitem', 'nation']);
	assert.match(s.nation, /^CREATE TABLE nation \(/);
	assert.strictEqual(TABLES.length, 8);
});

test('median, geomean, summary and markdown', () => {
	assert.strictEqual(median([3, 1, 2]), 2);
	assert.strictEqual(median([4, 1, 2, 3]), 2.5);
	assert.ok(Math.abs(geomean([1, 100]) - 10) < 1e-9);
	const rep = {
		meta: { engines: ['quarry', 'postgres'], labels: { quarry: 'Quarry', postgres: 'PostgreSQL' }, versions: {},
			sf: '1', date: 'd', cpu: 'c', cores: 2, mem: 1, commit: 'x', workers: 2, warmup: 1, reps: 3,
			adaptations: [], data: 'dir', command: 'bench/run' },
		load: { quarry: { s: 1, tables: { region: { rows: 5, s: 0.1 } } }, postgres: { s: 2, tables: { region: { rows: 5, s: 0.2 } } } },
		memory: {},
		queries: [
			{ q: 1, engines: { quarry: { median_ms: 200, check: { ok: true, note: '' } }, postgres: { median_ms: 100 } } },
			{ q: 2, engines: { quarry: { error: { code: '0A000', message: 'no' } }, postgres: { median_ms: 50 } } },
		],
	};
	summarize(rep);
	assert.strictEqual(rep.summary.quarry.queries_ok, 1);
	assert.strictEqual(rep.summary.postgres.total_ms, 150);
	assert.strictEqual(rep.ratios['quarry/postgres'].total, 2);
	const md = markdown(rep);
	assert.match(md, /\| Q2 \| error 0A000 \| 50\.0 \|/);
	assert.match(md, /Quarry\/PostgreSQL: total 2\.00×/);
});

test('bytes shuffled from EXPLAIN ANALYZE lines', () => {
	assert.strictEqual(shuffleBytesOf(['Stage 1: 2 tasks, shuffle write: 1,024 bytes', 'HashJoin',
		'Stage 2: ... shuffle write: 10 bytes (3 partitions)']), 1034);
	assert.strictEqual(shuffleBytesOf(['Seq Scan on t', 'Execution Time: 2 ms']), null);
});

test('several Quarry worker counts: ratios and columns per Quarry', () => {
	const rep = {
		meta: { engines: ['quarry-w1', 'quarry-w2', 'duckdb'], labels: { 'quarry-w1': 'Quarry 1w',
			'quarry-w2': 'Quarry 2w', duckdb: 'DuckDB' }, versions: {}, sf: '1', date: 'd', cpu: 'c', cores: 2,
		mem: 1, commit: 'x', workers: [1, 2], warmup: 1, reps: 3, adaptations: [], data: 'dir', command: 'bench/run' },
		load: {}, memory: {}, probe: [{ engine: 'quarry-w1', query: 'SELECT 1', mode: 'simple', median_us: 123.4 }],
		queries: [{ q: 1, engines: { 'quarry-w1': { median_ms: 400, shuffled_bytes: null },
			'quarry-w2': { median_ms: 200, shuffled_bytes: 2048 }, duckdb: { median_ms: 100 } } }],
	};
	summarize(rep);
	assert.strictEqual(rep.ratios['quarry-w1/duckdb'].total, 4);
	assert.strictEqual(rep.ratios['quarry-w2/duckdb'].total, 2);
	assert.strictEqual(rep.ratios['quarry-w1/quarry-w2'], undefined);
	const md = markdown(rep);
	assert.match(md, /\| Q1 \| 400 \| 200 \| 100 \| 4\.00× \| 2\.00× \| -, 2\.0 KiB \|/);
	assert.match(md, /Quarry 1w\/DuckDB: total 4\.00×/);
	assert.match(md, /\| Quarry 1w \| SELECT 1 \| 123 \|/);
});
