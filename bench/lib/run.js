'use strict';
/*
 * run.js
 *	  bench/run: TPC-H on Quarry, DuckDB and PostgreSQL in one command.
 *	  Generates (or reuses) the data, starts and loads each engine, runs the
 *	  queries interleaved query by query across engines, checks answers
 *	  against PostgreSQL's and writes report.md and report.json.
 */
const fs = require('fs');
const os = require('os');
const path = require('path');
const { log, sh, mkdirp, repoRoot, sleep } = require('./util');
const { TABLES, tableFiles, schemaStatements } = require('./tbl');
const { queryDir, loadQueries, adapt, ADAPT } = require('./queries');
const { compare } = require('./compare');
const { median, summarize, markdown } = require('./report');
const { Quarry } = require('./quarry');
const { probe, PROBE_QUERIES } = require('./latency');
const { Postgres } = require('./postgres');
const { DuckDB } = require('./duckdb');

const HELP = `Usage: bench/run [OPTION]...
Run the 22 TPC-H queries on Quarry, DuckDB and PostgreSQL 15 side by side and
write a markdown and a JSON report (also printed to stdout).

  --sf SF            scale factor (default 1); SF 1 is about 1 GB of .tbl files
  --workers LIST     Quarry workers for \`quarry local\`: one count, or a list
                     such as 1,2 to run one Quarry per count side by side with
                     the other engines (default: cores, ${os.cpus().length})
  --quarry-load HOW  qcf (default): tpchgen also writes the data as Quarry
                     table files (DIR/qcf/) and Quarry loads them with COPY ...
                     WITH (FORMAT qcf); text: COPY FROM STDIN of the .tbl
                     files (always used for .tbl files tpchgen did not write)
  --probe SEC        trivial-query overhead probe, seconds per cell (default 3;
                     0 skips it): median latency in µs of SELECT 1 and a
                     point lookup on a one-row table, simple and extended
                     protocol, one connection (pgbench), Quarry and PostgreSQL
  --reps N           timed runs of each query per engine (default 5); the
                     report gives the median
  --warmup N         untimed runs of each query per engine first (default 1);
                     the first run's answer is the one checked
  --queries LIST     query numbers, e.g. 1,3,6 or 1-5,9 (default 1-22)
  --engines LIST     any of quarry,duckdb,postgres (default all three); answers
                     are checked only when postgres runs
  --data DIR         .tbl files to use; generated there with tpchgen unless
                     already present (default bench/data/sf<SF>)
  --out DIR          where report.md and report.json go
                     (default bench/results/<date>-sf<SF>)
  --timeout SEC      per-query limit; the query is cancelled and recorded as an
                     error (default 300)
  --slow SEC         a run longer than this (warm-up included) is not repeated:
                     its time is the engine's time for the query (default 30)
  --tmp DIR          where the three engines keep their databases during the
                     run, removed at the end (default ${os.tmpdir()})
  --keep             keep the engines' databases and logs under --tmp
  --quarry BIN       the quarry binary (default build/server/quarry)
  --tpchgen BIN      the data generator (default build/bench/tpchgen)
  -h, --help         show this help and exit

Quarry runs as \`quarry local\` on free loopback ports with a temp data dir;
PostgreSQL as a private cluster (initdb into --tmp, as user postgres when run
as root) with OLAP settings, the TPC-H keys and VACUUM ANALYZE; DuckDB through
npm @duckdb/node-api with threads = cores. A query or load step that fails is
recorded with its SQLSTATE and message and the run goes on. Exit status: 0 when
the run completed (whatever failed inside it), 1 on a setup error, 2 on bad
arguments. See bench/README.md.`;

function parseList(s)
{
	const out = [];
	for (const part of String(s).split(',').filter(Boolean)) {
		const m = part.match(/^(\d+)(?:-(\d+))?$/);
		if (!m)
			throw new Error(`bad query list "${s}"`);
		for (let i = +m[1]; i <= +(m[2] || m[1]); i++)
			out.push(i);
	}
	if (out.some((n) => n < 1 || n > 22))
		throw new Error('queries are numbered 1 to 22');
	return out;
}

function parseArgs(argv)
{
	const root = repoRoot();
	const o = {
		sf: '1', workers: [os.cpus().length], reps: 5, warmup: 1, queries: parseList('1-22'),
		'quarry-load': 'qcf', probe: 3,
		engines: ['quarry', 'duckdb', 'postgres'], data: null, out: null, timeout: 300, slow: 30,
		tmp: os.tmpdir(), keep: false,
		quarry: path.join(root, 'build', 'server', 'quarry'),
		tpchgen: path.join(root, 'build', 'bench', 'tpchgen'),
	};
	const ints = new Set(['reps', 'warmup', 'timeout', 'slow', 'probe']);
	for (let i = 0; i < argv.length; i++) {
		let a = argv[i];
		if (a === '-h' || a === '--help') {
			console.log(HELP);
			process.exit(0);
		}
		if (a === '--keep') {
			o.keep = true;
			continue;
		}
		let v;
		const eq = a.indexOf('=');
		if (eq > 0) {
			v = a.slice(eq + 1);
			a = a.slice(0, eq);
		} else
			v = argv[++i];
		const k = a.replace(/^--/, '');
		if (!a.startsWith('--') || !(k in o) || v === undefined)
			throw new Error(`unknown option or missing value: ${a}`);
		if (ints.has(k)) {
			if (!/^\d+$/.test(v))
				throw new Error(`--${k} wants a whole number`);
			o[k] = parseInt(v, 10);
		} else if (k === 'queries')
			o.queries = parseList(v);
		else if (k === 'workers') {
			if (!/^\d+(,\d+)*$/.test(v))
				throw new Error('--workers wants a count or a list of counts, e.g. 1,2');
			o.workers = [...new Set(v.split(',').map(Number))];
		} else if (k === 'quarry-load') {
			if (!['qcf', 'text'].includes(v))
				throw new Error('--quarry-load is qcf or text');
			o[k] = v;
		}
		else if (k === 'engines') {
			o.engines = v.split(',').filter(Boolean);
			const bad = o.engines.filter((e) => !['quarry', 'duckdb', 'postgres'].includes(e));
			if (bad.length || !o.engines.length)
				throw new Error(`unknown engine ${bad.join(',')}`);
			o.engines = ['quarry', 'duckdb', 'postgres'].filter((e) => o.engines.includes(e));
		} else if (k === 'sf') {
			if (!(Number(v) >= 0.01 && Number(v) <= 1000))
				throw new Error('--sf is 0.01 to 1000');
			o.sf = String(Number(v));
		} else
			o[k] = path.resolve(v);
	}
	if (o.reps < 1)
		throw new Error('--reps must be at least 1');
	if (o.workers.some((w) => w < 1))
		throw new Error('--workers must be at least 1');
	/* one engine id per Quarry: "quarry" alone, "quarry-w1", "quarry-w2" for a list */
	o.quarryIds = o.engines.includes('quarry') ?
		(o.workers.length === 1 ? ['quarry'] : o.workers.map((w) => `quarry-w${w}`)) : [];
	o.ids = [...o.quarryIds, ...o.engines.filter((e) => e !== 'quarry')];
	const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\..*/, '').replace('T', '-');
	o.data = o.data || path.join(root, 'bench', 'data', `sf${o.sf}`);
	o.out = o.out || path.join(root, 'bench', 'results', `${stamp}-sf${o.sf}`);
	return o;
}

/* ensureData reuses dir's .tbl files or runs tpchgen into it. */
async function ensureData(o)
{
	const marker = path.join(o.data, 'tpchgen.json');
	const complete = TABLES.every((t) => tableFiles(o.data, t).length > 0);
	if (complete && fs.existsSync(marker)) {
		const m = JSON.parse(fs.readFileSync(marker, 'utf8'));
		if (String(m.sf) !== o.sf)
			throw new Error(`${o.data} holds SF ${m.sf}, not SF ${o.sf}: pass another --data`);
		log(`data: reusing SF ${o.sf} in ${o.data}`);
		return;
	}
	if (complete) {
		log(`data: reusing the .tbl files in ${o.data} (no tpchgen.json: scale factor not checked)`);
		return;
	}
	if (!fs.existsSync(o.tpchgen))
		throw new Error(`${o.tpchgen} not found: build first (ninja -C build)`);
	mkdirp(o.data);
	log(`data: generating SF ${o.sf} into ${o.data}`);
	const t0 = Date.now();
	const r = await sh(o.tpchgen, ['--sf', o.sf, '--out', o.data, '--jobs', String(os.cpus().length)]);
	if (r.code !== 0)
		throw new Error(`tpchgen failed: ${r.stderr.trim()}`);
	fs.writeFileSync(marker, JSON.stringify({ sf: o.sf, seed: 'default', seconds: (Date.now() - t0) / 1000 }) + '\n');
	log(`data: generated in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}

/*
 * ensureQcf writes the data again as Quarry table files into DATA/qcf
 * (tpchgen --format qcf, the same seed, so the same rows), or reuses them;
 * returns that directory, or null when Quarry loads the .tbl files.
 */
async function ensureQcf(o)
{
	if (o['quarry-load'] !== 'qcf' || !o.quarryIds.length)
		return null;
	const tblMarker = path.join(o.data, 'tpchgen.json');
	if (!fs.existsSync(tblMarker)) {
		log(`data: ${o.data} was not written by tpchgen: Quarry loads the .tbl files with COPY text`);
		return null;
	}
	const dir = path.join(o.data, 'qcf');
	const marker = path.join(dir, 'tpchgen.json');
	const complete = TABLES.every((t) => fs.existsSync(path.join(dir, `${t}.qcf`)) ||
		fs.existsSync(path.join(dir, `${t}.1.qcf`)));
	if (complete && fs.existsSync(marker) && String(JSON.parse(fs.readFileSync(marker, 'utf8')).sf) === o.sf) {
		log(`data: reusing Quarry table files in ${dir}`);
		return dir;
	}
	if (!fs.existsSync(o.tpchgen))
		throw new Error(`${o.tpchgen} not found: build first (ninja -C build), or pass --quarry-load text`);
	fs.rmSync(dir, { recursive: true, force: true });
	mkdirp(dir);
	const chunks = Math.max(4, os.cpus().length);
	const t0 = Date.now();
	const r = await sh(o.tpchgen, ['--sf', o.sf, '--out', dir, '--format', 'qcf', '--chunks', String(chunks),
		'--jobs', String(os.cpus().length)]);
	if (r.code !== 0)
		throw new Error(`tpchgen --format qcf failed: ${r.stderr.trim()}`);
	const seconds = (Date.now() - t0) / 1000;
	fs.writeFileSync(marker, JSON.stringify({ sf: o.sf, seed: 'default', format: 'qcf', chunks, seconds }) + '\n');
	log(`data: Quarry table files (${chunks} per table) written in ${seconds.toFixed(1)} s`);
	return dir;
}

function qcfSeconds(dir)
{
	try {
		return JSON.parse(fs.readFileSync(path.join(dir, 'tpchgen.json'), 'utf8')).seconds.toFixed(1);
	} catch (e) {
		return '?';
	}
}

async function gitCommit()
{
	const root = repoRoot();
	const h = await sh('git', ['-C', root, 'rev-parse', '--short', 'HEAD']);
	const d = await sh('git', ['-C', root, 'status', '--porcelain', '--untracked-files=no']);
	if (h.code !== 0)
		return 'unknown';
	return h.stdout.trim() + (d.stdout.trim() ? ' (dirty tree)' : '');
}

/* startEngines starts and loads each engine; one that fails is dropped. */
async function startEngines(o, tmp, schema, rep)
{
	const cores = os.cpus().length;
	const timeoutMs = o.timeout * 1000;
	const make = {
		duckdb: () => new DuckDB({ tmp, cores, timeoutMs }),
		postgres: () => new Postgres({ tmp, cores, timeoutMs }),
	};
	o.quarryIds.forEach((id, i) => {
		const workers = o.workers[i];
		const label = o.quarryIds.length > 1 ? `Quarry ${workers}w` : 'Quarry';
		make[id] = () => new Quarry({ bin: o.quarry, workers, tmp, timeoutMs, qcfDir: o.qcfDir, name: id, label });
	});
	const live = {};
	for (const e of o.ids) {
		const eng = make[e]();
		rep.meta.labels[e] = eng.label;
		try {
			await eng.start();
			rep.meta.versions[e] = eng.version;
			rep.load[e] = await eng.load(o.data, schema);
			if (e === 'postgres')
				rep.meta.pg_settings = eng.settings;
			live[e] = eng;
		} catch (err) {
			log(`${e}: ${err.message}`);
			rep.load[e] = { error: err.message };
			rep.engine_errors[e] = err.message;
			await eng.stop().catch(() => {});
			if (isQuarry(e) && eng.proc)
				live[e] = null;
		}
	}
	return live;
}

function isQuarry(e)
{
	return e === 'quarry' || e.startsWith('quarry-');
}

function one(r)
{
	return r.error ? `error ${r.error.code} ${r.error.message.slice(0, 60)}` : `${r.ms.toFixed(1)} ms`;
}

/* loadNote explains a missing relation by the load step that failed for it. */
function loadNote(load, error)
{
	const m = error.code === '42P01' && error.message.match(/relation "(\w+)"/);
	const t = m && load?.tables?.[m[1]];
	return t && t.error ? ` (load failed: ${t.step || ''} ${m[1]}: ${t.error.code} ${t.error.message})` : '';
}

/*
 * runQuery runs query n: warm-ups, then reps rounds in which every engine
 * runs it once, the engine order rotating each round.  An engine whose
 * query fails is not asked again.
 */
async function runQuery(o, n, sql, live, rep, stopped)
{
	const engines = o.ids.filter((e) => live[e]);
	const res = {};
	const first = {};
	for (const e of o.ids)
		if (!live[e])
			res[e] = { error: { code: 'n/a', message: `${e} did not start: ${rep.engine_errors[e] || 'unknown'}` } };
	for (const e of engines)
		res[e] = { times: [] };
	for (let round = 0; round < o.warmup + o.reps; round++) {
		const order = engines.slice(round % engines.length).concat(engines.slice(0, round % engines.length));
		for (const e of order) {
			if (res[e].error || res[e].slow || stopped())
				continue;
			const r = await live[e].query(adapt(isQuarry(e) ? 'quarry' : e, n, sql));
			if (r.error) {
				res[e].error = { ...r.error, message: r.error.message + loadNote(rep.load[e], r.error) };
				continue;
			}
			if (!first[e])
				first[e] = r;
			if (round >= o.warmup || r.ms > o.slow * 1000)
				res[e].times.push(r.ms);
			/* a slow run is enough: its time stands for the rest */
			if (r.ms > o.slow * 1000 && !res[e].slow) {
				res[e].slow = true;
				log(`Q${n}: ${e} took ${(r.ms / 1000).toFixed(1)} s > --slow ${o.slow} s: not repeated`);
			}
		}
	}
	for (const e of engines) {
		if (res[e].error)
			delete res[e].times;
		else {
			if (!res[e].times.length) {
				res[e].error = { code: 'n/a', message: 'not run: the run was interrupted' };
				delete res[e].times;
				continue;
			}
			res[e].runs = res[e].times.length;
			if (res[e].slow && res[e].runs >= o.reps)
				delete res[e].slow;		/* the slow run was the last: nothing skipped */
			res[e].median_ms = median(res[e].times);
			res[e].min_ms = Math.min(...res[e].times);
			res[e].max_ms = Math.max(...res[e].times);
			res[e].rows = first[e].rows.length;
		}
	}
	if (first.postgres)
		for (const e of [...o.quarryIds, 'duckdb'])
			if (first[e])
				res[e].check = compare(first.postgres, first[e], e === 'duckdb');
	/* bytes shuffled: one more, untimed run under EXPLAIN ANALYZE */
	for (const e of o.quarryIds)
		if (live[e] && res[e].median_ms != null && !stopped())
			res[e].shuffled_bytes = await live[e].explainShuffled(adapt('quarry', n, sql));
	if (live.duckdb)
		await live.duckdb.sampleMemory();
	log(`Q${n}: ${engines.map((e) => `${e} ${res[e].error ? one(res[e]) : `${res[e].median_ms.toFixed(1)} ms`}` +
		`${res[e].check && !res[e].check.ok ? ' WRONG' : ''}`).join(' | ')}`);
	return { q: n, engines: res };
}

async function main()
{
	let o;
	try {
		o = parseArgs(process.argv.slice(2));
	} catch (e) {
		console.error(`bench/run: ${e.message}\nTry bench/run --help.`);
		process.exit(2);
	}
	const qdir = queryDir();
	if (!qdir)
		throw new Error('TPC-H queries not found (../shared/tpch/queries; or set TPCH_QUERIES)');
	const schemaPath = path.join(qdir, '..', 'schema.sql');
	const schema = schemaStatements(schemaPath);
	const queries = loadQueries(qdir, o.queries);
	await ensureData(o);
	o.qcfDir = await ensureQcf(o);
	mkdirp(o.out);
	const tmp = fs.mkdtempSync(path.join(o.tmp, 'quarry-bench-'));
	fs.chmodSync(tmp, 0o755);
	const rep = {
		meta: {
			date: new Date().toISOString(), sf: o.sf, workers: o.workers, reps: o.reps, warmup: o.warmup,
			quarry_load: o.qcfDir ? `COPY FORMAT qcf of the table files in ${o.qcfDir}, which tpchgen --format qcf ` +
				`wrote in ${qcfSeconds(o.qcfDir)} s (once; not counted in the load)` :
				'COPY FROM STDIN (text) of the .tbl files',
			load_avg: { start: os.loadavg() },
			cores: os.cpus().length, cpu: os.cpus()[0].model.trim(), mem: os.totalmem(),
			commit: await gitCommit(), quarry_bin: o.quarry, engines: o.ids, labels: {}, versions: {}, data: o.data,
			command: `bench/run ${process.argv.slice(2).join(' ')}`.trim(), timeout_s: o.timeout,
			adaptations: ADAPT.map((a) => `${a.engine} Q${a.query}: ${a.why}`),
		},
		load: {}, memory: {}, engine_errors: {}, queries: [], probe: [],
	};
	let live = {};
	const stopAll = async () => {
		for (const e of Object.keys(live))
			if (live[e]) {
				rep.memory[e] = live[e].peakMemory();
				await live[e].stop().catch((err) => log(`${e}: stop: ${err.message}`));
			}
		live = {};
		if (!o.keep)
			fs.rmSync(tmp, { recursive: true, force: true });
		else
			log(`kept the engines' files in ${tmp}`);
	};
	let interrupted = false;
	const onSignal = () => {
		if (interrupted) {
			for (const e of Object.keys(live))
				if (live[e])
					live[e].stopNow();
			if (!o.keep)
				fs.rmSync(tmp, { recursive: true, force: true });
			process.exit(130);
		}
		interrupted = true;
		log('interrupted: cancelling the running query, then the report (again to quit at once)');
		for (const e of Object.keys(live))
			if (live[e])
				live[e].interrupt();
	};
	process.on('SIGINT', onSignal);
	process.on('SIGTERM', onSignal);
	try {
		live = await startEngines(o, tmp, schema, rep);
		for (const n of o.queries) {
			if (interrupted)
				break;
			rep.queries.push(await runQuery(o, n, queries[n], live, rep, () => interrupted));
		}
		if (live.duckdb)
			await live.duckdb.sampleMemory();
		rep.meta.load_avg.queries_end = os.loadavg();
		if (o.probe > 0 && !interrupted)
			for (const e of o.ids.filter((x) => live[x] && (isQuarry(x) || x === 'postgres')))
				rep.probe.push(...await probe(live[e], tmp, o.probe));
	} finally {
		await stopAll();
	}
	summarize(rep);
	const md = markdown(rep);
	fs.writeFileSync(path.join(o.out, 'report.json'), JSON.stringify(rep, null, 1) + '\n');
	fs.writeFileSync(path.join(o.out, 'report.md'), md);
	console.log(md);
	log(`report: ${path.join(o.out, 'report.md')} and report.json`);
	if (interrupted)
		process.exit(130);
}

main().then(() => process.exit(0), (e) => {
	console.error(`bench/run: ${e.message}`);
	process.exit(1);
});
