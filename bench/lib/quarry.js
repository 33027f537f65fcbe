'use strict';
/*
 * quarry.js
 *	  Quarry for the benchmark: `quarry local` on free loopback ports with a
 *	  temp data dir, loaded with the schema as written and either COPY ...
 *	  FROM 'DIR/t.*qcf' WITH (FORMAT qcf) (table files tpchgen wrote; the
 *	  default) or COPY FROM STDIN of the .tbl files.
 *	  Every failure (a CREATE TABLE, a COPY, a query) is recorded with its
 *	  SQLSTATE and the run goes on, so the same command reports times once
 *	  the features land.
 */
const fs = require('fs');
const http = require('http');
const path = require('path');
const { spawn } = require('child_process');
const { log, sh, sleep, freePorts, procTree, statusKb, MemSampler, mkdirp, shuffleBytesOf } = require('./util');
const { PgClient } = require('./pgclient');
const { TABLES, tableFiles } = require('./tbl');

class Quarry {
	constructor(opts)
	{
		this.name = opts.name || 'quarry';
		this.label = opts.label || 'Quarry';
		this.opts = opts;			/* {bin, workers, tmp, timeoutMs, qcfDir, name, label} */
		this.proc = null;
		this.client = null;
		this.sampler = null;
		this.version = null;
	}

	async start()
	{
		if (!fs.existsSync(this.opts.bin))
			throw new Error(`${this.opts.bin} not found: build Quarry first (ninja -C build) or pass --quarry`);
		const dir = mkdirp(path.join(this.opts.tmp, this.name));
		const [port, cport, uport] = await freePorts(3);
		this.port = port;
		this.uiPort = uport;
		this.args = ['local', `--data_dir=${dir}`, `--port=${port}`, `--cluster_port=${cport}`,
			`--ui_port=${uport}`, `--workers=${this.opts.workers}`];
		if (this.opts.qcfDir)
			this.args.push(`--read_csv_dirs=${this.opts.qcfDir}`);
		const logFd = fs.openSync(path.join(dir, 'stdout.log'), 'a');
		this.proc = spawn(this.opts.bin, this.args, { stdio: ['ignore', logFd, logFd] });
		fs.closeSync(logFd);
		this.exited = null;
		this.proc.on('error', (e) => { this.exited = e.message; });
		this.proc.on('exit', (code, sig) => { this.exited = sig || code; });
		const deadline = Date.now() + 60000;
		for (;;) {
			if (this.exited !== null)
				throw new Error(`quarry local exited (${this.exited}); see ${dir}/stdout.log`);
			try {
				this.client = await new PgClient({ port, user: 'quarry', database: 'quarry' }).connect();
				const r = await this.client.query('SELECT 1');
				if (!r.error)
					break;
				await this.client.end();
			} catch (e) {
				if (Date.now() > deadline)
					throw new Error(`quarry did not accept connections in 60 s: ${e.message}`);
			}
			await sleep(200);
		}
		this.sampler = new MemSampler(() =>
			procTree(this.proc.pid).reduce((s, p) => s + statusKb(p, 'VmHWM'), 0));
		const v = await sh(this.opts.bin, ['version']);
		this.version = v.code === 0 ? v.stdout.trim() : 'quarry (unknown version)';
		log(`${this.name}: ${this.version} on port ${port}, ${this.opts.workers} workers, data in ${dir}`);
	}

	/*
	 * load runs each table's CREATE TABLE then COPY FORMAT qcf from
	 * opts.qcfDir, or COPY FROM STDIN of the .tbl files without one;
	 * failures go into the table's entry and the load goes on.
	 */
	async load(dataDir, schema)
	{
		const out = { tables: {}, steps: {}, error: null };
		const t0 = Date.now();
		for (const t of TABLES) {
			const t1 = Date.now();
			const c = await this.client.query(schema[t]);
			if (c.error) {
				out.tables[t] = { error: c.error, step: 'CREATE TABLE' };
				log(`${this.name}: CREATE TABLE ${t}: ${c.error.code} ${c.error.message}`);
				continue;
			}
			const r = this.opts.qcfDir ? await this.copyQcf(t) :
				await this.client.copyIn(`COPY ${t} FROM STDIN WITH (FORMAT text, DELIMITER '|')`,
					tableFiles(dataDir, t));
			if (r.error) {
				out.tables[t] = { error: r.error, step: 'COPY' };
				log(`${this.name}: COPY ${t}: ${r.error.code} ${r.error.message}`);
				continue;
			}
			const n = await this.client.query(`SELECT count(*) FROM ${t}`);
			const rows = n.error ? r.rows : Number(n.rows[0][0]);
			out.tables[t] = { rows, s: (Date.now() - t1) / 1000 };
			if (rows !== r.rows)
				out.tables[t].error = { code: 'count', message: `COPY sent ${r.rows} rows, count(*) says ${rows}` };
			log(`${this.name}: ${t} ${rows} rows in ${out.tables[t].s.toFixed(1)} s`);
		}
		const failed = Object.entries(out.tables).filter(([, v]) => v.error);
		if (failed.length)
			out.error = failed.map(([t, v]) => `${t}: ${v.step || ''} ${v.error.code} ${v.error.message}`).join('; ');
		else
			out.s = (Date.now() - t0) / 1000;
		return out;
	}

	/* copyQcf adopts table t's .qcf files; resolves {rows} or {error}. */
	async copyQcf(t)
	{
		const r = await this.client.query(
			`COPY ${t} FROM '${path.join(this.opts.qcfDir, `${t}.*qcf`)}' WITH (FORMAT qcf)`);
		if (r.error)
			return { error: r.error };
		return { rows: Number(r.rowCount) };
	}

	query(sql)
	{
		return this.client.query(sql, this.opts.timeoutMs);
	}

	/*
	 * explainShuffled runs EXPLAIN ANALYZE of sql once and sums the bytes of
	 * its "shuffle write: N bytes" lines; null when EXPLAIN ANALYZE is not
	 * there (then it is not asked again) or prints no such line.
	 */
	async explainShuffled(sql)
	{
		if (this.noExplainAnalyze)
			return null;
		const r = await this.client.query(`EXPLAIN ANALYZE ${sql}`, this.opts.timeoutMs);
		if (r.error) {
			if (r.error.code === '0A000' || r.error.code === '42601')
				this.noExplainAnalyze = true;
			return null;
		}
		return shuffleBytesOf(r.rows.map((row) => String(row[0])));
	}

	/*
	 * shuffledBytes reads the coordinator's /metrics (ui_port) and sums the
	 * counters whose name mentions both "shuffle" and "bytes"; null while
	 * Quarry exposes no such counter.
	 */
	shuffledBytes()
	{
		return new Promise((resolve) => {
			const req = http.get({ host: '127.0.0.1', port: this.uiPort, path: '/metrics', timeout: 2000 }, (res) => {
				let body = '';
				res.on('data', (d) => { body += d; });
				res.on('end', () => {
					let sum = null;
					for (const line of body.split('\n')) {
						const m = line.match(/^([a-zA-Z_:][\w:]*)(\{[^}]*\})?\s+([0-9.eE+]+)/);
						if (m && /shuffle/i.test(m[1]) && /bytes/i.test(m[1]))
							sum = (sum || 0) + Number(m[3]);
					}
					resolve(sum);
				});
			});
			req.on('error', () => resolve(null));
			req.on('timeout', () => { req.destroy(); resolve(null); });
		});
	}

	peakMemory()
	{
		return { bytes: this.sampler ? this.sampler.sample() : null,
			method: 'max over 200 ms samples of the summed VmHWM of `quarry local`, the coordinator and the workers' };
	}

	interrupt()
	{
		if (this.client)
			this.client.cancel();
	}

	/* stopNow kills `quarry local` and its children at once: for a run cut short. */
	stopNow()
	{
		if (!this.proc || this.exited !== null)
			return;
		for (const p of procTree(this.proc.pid)) {
			try {
				process.kill(p, 'SIGKILL');
			} catch (e) { /* already gone */ }
		}
	}

	async stop()
	{
		if (this.sampler)
			this.sampler.stop();
		if (this.client)
			await this.client.end();
		if (!this.proc || this.exited !== null)
			return;
		const pids = procTree(this.proc.pid);
		this.proc.kill('SIGTERM');
		for (let i = 0; i < 100 && this.exited === null; i++)
			await sleep(100);
		for (const p of pids) {
			try {
				/* only our own leftovers: the pid must still be a quarry process */
				if (fs.readFileSync(`/proc/${p}/cmdline`, 'latin1').includes('quarry'))
					process.kill(p, 'SIGKILL');
			} catch (e) { /* already gone */ }
		}
	}
}

module.exports = { Quarry };
