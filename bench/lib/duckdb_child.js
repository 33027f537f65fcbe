'use strict';
/*
 * duckdb_child.js
 *	  DuckDB in a process of its own (forked by duckdb.js), so that its peak
 *	  memory is its own VmHWM and a runaway query can be interrupted or
 *	  killed.  Messages: {id, op: 'open'|'run'|'query'|'interrupt'|'mem'}.
 *	  Query values come back as the text DuckDB prints, doubles as numbers.
 */
const fs = require('fs');
const { DuckDBInstance } = require('@duckdb/node-api');

let inst = null;
let conn = null;

function cell(v)
{
	if (v === null || v === undefined)
		return null;
	if (typeof v === 'number')
		return v;
	return v.toString();
}

async function handle(m)
{
	switch (m.op) {
		case 'open':
			inst = await DuckDBInstance.create(m.path, { threads: String(m.threads) });
			conn = await inst.connect();
			return { version: (await conn.runAndReadAll('SELECT version()')).getRows()[0][0] };
		case 'run': {
			const t = process.hrtime.bigint();
			await conn.run(m.sql);
			return { ms: Number(process.hrtime.bigint() - t) / 1e6 };
		}
		case 'query': {
			const t = process.hrtime.bigint();
			const r = await conn.runAndReadAll(m.sql);
			const ms = Number(process.hrtime.bigint() - t) / 1e6;
			const types = r.columnTypes().map((x) => x.toString());
			return {
				ms,
				fields: r.columnNames().map((n, i) => ({ name: n, type: types[i] })),
				rows: r.getRows().map((row) => row.map(cell)),
			};
		}
		case 'interrupt':
			if (conn)
				conn.interrupt();
			return {};
		case 'mem': {
			const s = fs.readFileSync('/proc/self/status', 'utf8');
			return { hwm: parseInt(s.match(/^VmHWM:\s+(\d+)/m)[1], 10) * 1024 };
		}
		default:
			throw new Error(`unknown op ${m.op}`);
	}
}

process.on('message', (m) => {
	handle(m).then(
		(r) => process.send({ id: m.id, ...r }),
		(e) => process.send({ id: m.id, error: { code: 'duckdb', message: String(e.message).split('\n')[0] } }));
});
