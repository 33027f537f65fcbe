'use strict';
/*
 * duckdb.js
 *	  DuckDB (npm @duckdb/node-api) for the benchmark: a database file in the
 *	  temp dir, threads = cores, tables from the schema as written and loaded
 *	  with COPY FROM the .tbl files (DuckDB's CSV reader accepts dbgen's
 *	  trailing '|').  Runs in a child process: see duckdb_child.js.
 */
const path = require('path');
const { fork } = require('child_process');
const { log, mkdirp } = require('./util');
const { TABLES, tableFiles } = require('./tbl');

class DuckDB {
	constructor(opts)
	{
		this.name = 'duckdb';
		this.label = 'DuckDB';
		this.opts = opts;			/* {tmp, cores, timeoutMs} */
		this.child = null;
		this.next = 1;
		this.waiting = new Map();
		this.dead = null;
		this.hwm = 0;
	}

	call(msg, timeoutMs = 0)
	{
		if (this.dead)
			return Promise.resolve({ error: { code: 'duckdb', message: `DuckDB process died (${this.dead})` } });
		const id = this.next++;
		return new Promise((resolve) => {
			let timer = null;
			let hard = null;
			let timedOut = false;
			if (timeoutMs > 0)
				timer = setTimeout(() => {
					timedOut = true;
					this.child.send({ id: 0, op: 'interrupt' });
					hard = setTimeout(() => this.child.kill('SIGKILL'), 10000);
				}, timeoutMs);
			this.waiting.set(id, (r) => {
				clearTimeout(timer);
				clearTimeout(hard);
				if (r.error && timedOut)
					r.error.message = `timeout after ${timeoutMs / 1000} s`;
				resolve(r);
			});
			this.child.send({ id, ...msg });
		});
	}

	async start()
	{
		const dir = mkdirp(path.join(this.opts.tmp, 'duckdb'));
		this.child = fork(path.join(__dirname, 'duckdb_child.js'), [], { stdio: 'inherit' });
		this.child.on('message', (m) => {
			const w = this.waiting.get(m.id);
			if (w) {
				this.waiting.delete(m.id);
				w(m);
			}
		});
		this.child.on('exit', (code, sig) => {
			this.dead = sig || `exit ${code}`;
			for (const [, w] of this.waiting)
				w({ error: { code: 'duckdb', message: `DuckDB process died (${this.dead})` } });
			this.waiting.clear();
		});
		const r = await this.call({ op: 'open', path: path.join(dir, 'tpch.duckdb'), threads: this.opts.cores });
		if (r.error)
			throw new Error(`DuckDB: ${r.error.message}`);
		this.version = `DuckDB ${r.version}`;
		log(`duckdb: ${this.version}, ${this.opts.cores} threads`);
	}

	async load(dataDir, schema)
	{
		const out = { tables: {}, steps: {}, error: null };
		const t0 = Date.now();
		for (const t of TABLES) {
			const t1 = Date.now();
			let r = await this.call({ op: 'run', sql: schema[t] });
			for (const f of tableFiles(dataDir, t)) {
				if (r.error)
					break;
				r = await this.call({ op: 'run', sql: `COPY ${t} FROM '${f}' (DELIMITER '|', HEADER false)` });
			}
			if (r.error)
				throw new Error(`DuckDB load of ${t}: ${r.error.message}`);
			const n = await this.call({ op: 'query', sql: `SELECT count(*) FROM ${t}` });
			out.tables[t] = { rows: Number(n.rows[0][0]), s: (Date.now() - t1) / 1000 };
		}
		const r = await this.call({ op: 'run', sql: 'CHECKPOINT' });
		if (r.error)
			throw new Error(`DuckDB CHECKPOINT: ${r.error.message}`);
		out.s = (Date.now() - t0) / 1000;
		log(`duckdb: loaded in ${out.s.toFixed(1)} s`);
		return out;
	}

	query(sql)
	{
		return this.call({ op: 'query', sql }, this.opts.timeoutMs);
	}

	async sampleMemory()
	{
		const r = await this.call({ op: 'mem' });
		if (!r.error)
			this.hwm = Math.max(this.hwm, r.hwm);
	}

	peakMemory()
	{
		return { bytes: this.hwm || null,
			method: 'VmHWM of the Node.js process that hosts DuckDB (includes about 50 MB of Node.js)' };
	}

	interrupt()
	{
		if (this.child && !this.dead)
			this.child.send({ id: 0, op: 'interrupt' });
	}

	stopNow()
	{
		if (this.child && !this.dead)
			this.child.kill('SIGKILL');
	}

	async stop()
	{
		if (this.child && !this.dead) {
			await this.sampleMemory();
			this.child.kill('SIGTERM');
		}
	}
}

module.exports = { DuckDB };
