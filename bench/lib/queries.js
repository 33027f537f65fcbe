'use strict';
/*
 * queries.js
 *	  The 22 TPC-H queries of ../shared/tpch/queries and the per-engine
 *	  dialect adaptations.
 *
 *	  The query texts are already written in the dialect PostgreSQL and
 *	  DuckDB share (dates as CAST('...' AS date), Q15's view as a WITH
 *	  clause, no "interval" arithmetic), so today no adaptation is needed:
 *	  every engine, Quarry included, runs the text as written.  ADAPT is the
 *	  one place to add a rewrite should an engine need one; each entry is
 *	  {engine, query, why, from, to} and is listed in the report.
 */
const fs = require('fs');
const path = require('path');

const ADAPT = [
	/* e.g. {engine: 'duckdb', query: 15, why: '...', from: /re/g, to: '...'} */
];

function queryDir()
{
	const candidates = [
		process.env.TPCH_QUERIES,
		path.resolve(__dirname, '..', '..', '..', 'shared', 'tpch', 'queries'),
		path.resolve(__dirname, '..', '..', 'shared', 'tpch', 'queries'),
		'/work/shared/tpch/queries',
	].filter(Boolean);
	return candidates.find((d) => fs.existsSync(path.join(d, 'q01.sql')));
}

/* loadQueries returns {n: text} for the requested query numbers. */
function loadQueries(dir, numbers)
{
	const out = {};
	for (const n of numbers) {
		const f = path.join(dir, `q${String(n).padStart(2, '0')}.sql`);
		out[n] = fs.readFileSync(f, 'utf8').trim().replace(/;\s*$/, '');
	}
	return out;
}

/* adapt returns the text engine runs for query n. */
function adapt(engine, n, sql)
{
	for (const a of ADAPT)
		if (a.engine === engine && a.query === n)
			sql = sql.replace(a.from, a.to);
	return sql;
}

module.exports = { ADAPT, queryDir, loadQueries, adapt };
