'use strict';
/*
 * latency.js
 *	  bench/latency: trivial queries per second against Quarry and
 *	  PostgreSQL, the same way for both: pgbench with a custom script
 *	  (-n -f), over 1 and 16 connections, in the simple and the extended
 *	  protocol.  A mode an engine does not support is reported as such
 *	  (pgbench aborts on the first error).  Over one connection each
 *	  transaction's latency is logged (pgbench -l) and the median is
 *	  reported in µs; probe() is that measurement alone, for bench/run.
 */
const fs = require('fs');
const os = require('os');
const path = require('path');
const { log, sh, mkdirp, repoRoot } = require('./util');
const { Quarry } = require('./quarry');
const { Postgres } = require('./postgres');

const HELP = `Usage: bench/latency [OPTION]...
Trivial queries per second over one connection and over several, in the simple
and extended protocol, against Quarry and PostgreSQL 15, with pgbench.

  --duration SEC   seconds per measurement (default 5)
  --clients LIST   connection counts (default 1,16)
  --modes LIST     pgbench -M modes: simple, extended, prepared
                   (default simple,extended)
  --engines LIST   quarry,postgres (default both)
  --workers N      Quarry workers (default: cores)
  --quarry BIN     the quarry binary (default build/server/quarry)
  --out FILE       also write the results as JSON to FILE
  -h, --help       show this help and exit

Queries: "SELECT 1" and a point lookup "SELECT v FROM bench_one WHERE k = 1" on
a one-row table. Cells give queries per second, the mean latency in ms and,
over one connection, the median latency in µs (every transaction logged). Each engine is started privately on free loopback ports (as
bench/run does) and stopped at the end.`;

const PROBE_QUERIES = [
	{ name: 'SELECT 1', sql: 'SELECT 1;' },
	{ name: 'point lookup, 1-row table', sql: 'SELECT v FROM bench_one WHERE k = 1;' },
];

function parseArgs(argv)
{
	const o = {
		duration: 5, clients: [1, 16], modes: ['simple', 'extended'], engines: ['quarry', 'postgres'],
		workers: os.cpus().length, quarry: path.join(repoRoot(), 'build', 'server', 'quarry'), out: null,
	};
	for (let i = 0; i < argv.length; i++) {
		const a = argv[i];
		if (a === '-h' || a === '--help') {
			console.log(HELP);
			process.exit(0);
		}
		const v = argv[++i];
		if (v === undefined)
			throw new Error(`missing value for ${a}`);
		if (a === '--duration' || a === '--workers') {
			if (!/^\d+$/.test(v) || +v < 1)
				throw new Error(`${a} wants a positive whole number`);
			o[a.slice(2)] = +v;
		} else if (a === '--clients')
			o.clients = v.split(',').map(Number);
		else if (a === '--modes')
			o.modes = v.split(',');
		else if (a === '--engines')
			o.engines = v.split(',');
		else if (a === '--quarry' || a === '--out')
			o[a.slice(2)] = path.resolve(v);
		else
			throw new Error(`unknown option ${a}`);
	}
	if (o.clients.some((c) => !(c >= 1)) || o.modes.some((m) => !['simple', 'extended', 'prepared'].includes(m)) ||
		o.engines.some((e) => !['quarry', 'postgres'].includes(e)))
		throw new Error('bad --clients, --modes or --engines');
	return o;
}

/* medianLogged reads pgbench's -l files (latency in µs, third field). */
function medianLogged(prefix)
{
	const dir = path.dirname(prefix);
	const lat = [];
	for (const f of fs.readdirSync(dir).filter((x) => x.startsWith(path.basename(prefix) + '.'))) {
		for (const line of fs.readFileSync(path.join(dir, f), 'utf8').split('\n')) {
			const v = line.split(' ');
			if (v.length >= 3 && /^\d+$/.test(v[2]))
				lat.push(Number(v[2]));
		}
		fs.unlinkSync(path.join(dir, f));
	}
	if (!lat.length)
		return null;
	lat.sort((a, b) => a - b);
	const m = lat.length >> 1;
	return lat.length % 2 ? lat[m] : (lat[m - 1] + lat[m]) / 2;
}

let logSeq = 0;

/*
 * pgbench runs one measurement and resolves {tps, latency_ms, median_us}
 * or {error}; median_us only over one connection (each transaction logged).
 */
async function pgbench(o, eng, script, clients, mode)
{
	const user = eng.name.startsWith('quarry') ? 'quarry' : 'postgres';
	const db = user;
	const prefix = path.join(path.dirname(script), `lat${++logSeq}`);
	const r = await sh('pgbench', ['-n', '-f', script, '-T', String(o.duration), '-c', String(clients),
		'-j', String(Math.min(clients, os.cpus().length)), '-M', mode, '-h', '127.0.0.1',
		'-p', String(eng.port), '-U', user, ...(clients === 1 ? ['-l', `--log-prefix=${prefix}`] : []), db]);
	const median = clients === 1 ? medianLogged(prefix) : null;
	const tps = r.stdout.match(/tps = ([0-9.]+) \(without initial connection time\)/);
	const lat = r.stdout.match(/latency average = ([0-9.]+) ms/);
	const failed = r.stdout.match(/number of failed transactions: (\d+)/);
	if (r.code !== 0 || !tps || /aborted/.test(r.stderr + r.stdout)) {
		const all = r.stderr + r.stdout;
		const m = all.match(/(?:ERROR|FATAL):\s+(.*)/);
		const line = m ? m[1] : (r.stderr.split('\n').find((l) => /error/.test(l)) || r.stderr.trim() ||
			`exit ${r.code}`).replace(/^pgbench: error: /, '');
		return { error: line.slice(0, 160) };
	}
	return { tps: +tps[1], latency_ms: lat ? +lat[1] : null, median_us: median, failed: failed ? +failed[1] : 0 };
}

/*
 * probe measures eng's trivial-query overhead for bench/run: the median µs
 * of each query over one connection in the simple and extended protocol,
 * seconds per cell; the one-row table is created first.
 */
async function probe(eng, tmp, seconds)
{
	const dir = fs.mkdtempSync(path.join(tmp, 'probe-'));
	const out = [];
	for (const sql of ['CREATE TABLE bench_one (k integer, v integer)', 'INSERT INTO bench_one VALUES (1, 42)']) {
		const r = await eng.client.query(sql);
		if (r.error)
			log(`${eng.name}: ${sql}: ${r.error.code} ${r.error.message}`);
	}
	for (const [i, q] of PROBE_QUERIES.entries()) {
		const script = path.join(dir, `q${i}.sql`);
		fs.writeFileSync(script, q.sql + '\n');
		for (const mode of ['simple', 'extended']) {
			const r = await pgbench({ duration: seconds }, eng, script, 1, mode);
			log(`${eng.name} ${q.name} ${mode}: ${r.error ? `error: ${r.error}` : `median ${Math.round(r.median_us)} µs`}`);
			out.push({ engine: eng.name, query: q.name, mode, ...r });
		}
	}
	fs.rmSync(dir, { recursive: true, force: true });
	return out;
}

async function main()
{
	let o;
	try {
		o = parseArgs(process.argv.slice(2));
	} catch (e) {
		console.error(`bench/latency: ${e.message}\nTry bench/latency --help.`);
		process.exit(2);
	}
	const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'quarry-latency-'));
	fs.chmodSync(tmp, 0o755);
	const scripts = PROBE_QUERIES.map((q, i) => {
		const f = path.join(tmp, `q${i}.sql`);
		fs.writeFileSync(f, q.sql + '\n');
		return f;
	});
	const results = [];
	const versions = {};
	try {
		for (const e of o.engines) {
			const eng = e === 'quarry' ? new Quarry({ bin: o.quarry, workers: o.workers, tmp, timeoutMs: 0 })
				: new Postgres({ tmp, cores: os.cpus().length, timeoutMs: 0 });
			try {
				await eng.start();
				versions[e] = eng.version;
				for (const sql of ['CREATE TABLE bench_one (k integer, v integer)',
					'INSERT INTO bench_one VALUES (1, 42)']) {
					const r = await eng.client.query(sql);
					if (r.error)
						log(`${e}: ${sql}: ${r.error.code} ${r.error.message}`);
				}
				for (const [qi, q] of PROBE_QUERIES.entries())
					for (const mode of o.modes)
						for (const c of o.clients) {
							const r = await pgbench(o, eng, scripts[qi], c, mode);
							log(`${e} ${q.name} ${mode} x${c}: ${r.error ? `error: ${r.error}` : `${r.tps.toFixed(0)} q/s`}`);
							results.push({ engine: e, query: q.name, mode, clients: c, ...r });
						}
			} catch (err) {
				log(`${e}: ${err.message}`);
				results.push({ engine: e, error: err.message });
			} finally {
				await eng.stop().catch(() => {});
			}
		}
	} finally {
		fs.rmSync(tmp, { recursive: true, force: true });
	}
	print(o, results, versions);
	if (o.out) {
		mkdirp(path.dirname(o.out));
		fs.writeFileSync(o.out, JSON.stringify({ date: new Date().toISOString(), duration_s: o.duration,
			cores: os.cpus().length, workers: o.workers, versions, results }, null, 1) + '\n');
	}
}

function print(o, results, versions)
{
	const label = { quarry: 'Quarry', postgres: 'PostgreSQL' };
	const L = [`## Latency probe (pgbench, ${o.duration} s per cell, ${os.cpus().length} cores, ` +
		`Quarry with ${o.workers} workers)`, '',
		`Versions: ${Object.entries(versions).map(([, v]) => v).join('; ')}.`, '',
		'Queries per second (mean latency in ms; over one connection also the median latency in µs).', ''];
	const cols = [];
	for (const mode of o.modes)
		for (const c of o.clients)
			cols.push({ mode, c });
	L.push(`| engine | query | ${cols.map((x) => `${x.mode} ×${x.c}`).join(' | ')} |`);
	L.push(`|---|---|${cols.map(() => '---:').join('|')}|`);
	for (const e of o.engines)
		for (const q of PROBE_QUERIES) {
			const cells = cols.map((x) => {
				const r = results.find((y) => y.engine === e && y.query === q.name && y.mode === x.mode && y.clients === x.c);
				if (!r)
					return 'n/a';
				if (r.error)
					return `error: ${r.error.slice(0, 60).replace(/\|/g, '\\|')}`;
				return `${Math.round(r.tps)} (${r.latency_ms.toFixed(3)}` +
					`${r.median_us != null ? `; ${Math.round(r.median_us)} µs` : ''})`;
			});
			L.push(`| ${label[e]} | ${q.name} | ${cells.join(' | ')} |`);
		}
	const fatal = results.filter((r) => !r.query);
	for (const r of fatal)
		L.push('', `${label[r.engine]} did not start: ${r.error}`);
	console.log(L.join('\n'));
}

module.exports = { probe, PROBE_QUERIES };

if (require.main === module)
	main().then(() => process.exit(0), (e) => {
		console.error(`bench/latency: ${e.message}`);
		process.exit(1);
	});
