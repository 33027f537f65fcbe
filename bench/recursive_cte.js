'use strict';
/*
 * recursive_cte.js
 *	  WITH RECURSIVE counting to N (default 1,000,000), one row per run,
 *	  `SELECT count(*) FROM t`, on DuckDB (in-process, @duckdb/node-api)
 *	  and on any PostgreSQL-protocol servers given (Quarry, PostgreSQL 15).
 *	  Reports the best and median of --reps timings per engine and form
 *	  (UNION ALL, UNION).  Timings are reported, never asserted.
 *
 *	  node bench/recursive_cte.js [--n 1000000] [--reps 3] [--threads 2]
 *	       [--pg name=PORT ...]        e.g. --pg quarry=5433 --pg postgres=5432
 */
const { DuckDBInstance } = require('@duckdb/node-api');
const { Client } = require('pg');

function args()
{
	const a = { n: 1000000, reps: 3, threads: 2, pg: [] };
	const v = process.argv.slice(2);
	for (let i = 0; i < v.length; i += 2) {
		if (v[i] === '--pg') {
			const [name, port] = v[i + 1].split('=');
			a.pg.push({ name, port: Number(port) });
		} else
			a[v[i].replace(/^--/, '')] = Number(v[i + 1]);
	}
	return a;
}

function sql(n, all)
{
	return `WITH RECURSIVE t(n) AS (SELECT 1 UNION ${all ? 'ALL ' : ''}SELECT n + 1 FROM t WHERE n < ${n}) ` +
		'SELECT count(*) FROM t';
}

async function timeIt(reps, run)
{
	const ms = [];
	let answer;
	for (let i = 0; i < reps; i++) {
		const t0 = process.hrtime.bigint();
		answer = await run();
		ms.push(Number(process.hrtime.bigint() - t0) / 1e6);
	}
	ms.sort((x, y) => x - y);
	return { best: ms[0], median: ms[Math.floor(ms.length / 2)], answer: String(answer) };
}

async function main()
{
	const a = args();
	const rows = [];
	const inst = await DuckDBInstance.create(':memory:', { threads: String(a.threads) });
	const duck = await inst.connect();
	for (const all of [true, false]) {
		const r = await timeIt(a.reps, async () => (await duck.runAndReadAll(sql(a.n, all))).getRows()[0][0]);
		rows.push({ engine: 'duckdb', form: all ? 'UNION ALL' : 'UNION', ...r });
	}
	for (const s of a.pg) {
		const c = new Client({ host: '127.0.0.1', port: s.port, user: 'quarry', database: 'quarry' });
		await c.connect();
		for (const all of [true, false]) {
			const r = await timeIt(a.reps, async () => (await c.query(sql(a.n, all))).rows[0].count);
			rows.push({ engine: s.name, form: all ? 'UNION ALL' : 'UNION', ...r });
		}
		await c.end();
	}
	console.log(`| engine | form | count | best ms | median ms |\n|---|---|---|---|---|`);
	for (const r of rows)
		console.log(`| ${r.engine} | ${r.form} | ${r.answer} | ${r.best.toFixed(0)} | ${r.median.toFixed(0)} |`);
}

main().catch((e) => { console.error(e); process.exit(1); });
