'use strict';
/*
 * duckdb.js CSV QUERIESFILE REPS: load CSV (id, k, v) into DuckDB in memory
 * (threads = cores) and print each query's best time in ms over REPS runs,
 * one "name ms result" line per query.  For bench/window/run.sh.
 */
const fs = require('fs');
const os = require('os');
const { DuckDBInstance } = require('@duckdb/node-api');

async function main()
{
	const [csv, qfile, reps] = process.argv.slice(2);
	const inst = await DuckDBInstance.create(':memory:', { threads: String(os.cpus().length) });
	const conn = await inst.connect();

	await conn.run('CREATE TABLE wb (id integer, k integer, v integer)');
	await conn.run(`COPY wb FROM '${csv}' (FORMAT csv)`);
	for (const line of fs.readFileSync(qfile, 'utf8').split('\n')) {
		const m = line.match(/^(\S+)\t(.*)$/);
		if (!m)
			continue;
		let best = Infinity;
		let result = '';
		for (let r = 0; r < Number(reps); r++) {
			const t0 = process.hrtime.bigint();
			const rows = (await conn.runAndReadAll(m[2])).getRows();
			const ms = Number(process.hrtime.bigint() - t0) / 1e6;
			best = Math.min(best, ms);
			result = rows.map((row) => row.map(String).join('|')).join(';');
		}
		console.log(`${m[1]} ${best.toFixed(1)} ${result}`);
	}
}

main().catch((e) => { console.error(e); process.exit(1); });
