'use strict';
/*
 * postgres.js
 *	  A private PostgreSQL 15 cluster for the benchmark: initdb into a temp
 *	  directory (as user postgres when run as root), OLAP settings, a free
 *	  loopback port, COPY FROM STDIN per table (created in the same
 *	  transaction, so wal_level=minimal skips the WAL), then the TPC-H
 *	  primary and foreign keys, indexes on the foreign-key columns and
 *	  VACUUM ANALYZE.  Stopped with pg_ctl.
 */
const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawnSync } = require('child_process');
const { log, sh, freePort, procTree, pssBytes, MemSampler, mkdirp } = require('./util');
const { PgClient } = require('./pgclient');
const { TABLES, tableFiles } = require('./tbl');

const PG_BIN = process.env.PG_BIN || '/usr/lib/postgresql/15/bin';

/* The TPC-H specification's primary and foreign keys (clause 1.4.2). */
const KEYS = [
	'ALTER TABLE region ADD PRIMARY KEY (r_regionkey)',
	'ALTER TABLE nation ADD PRIMARY KEY (n_nationkey)',
	'ALTER TABLE part ADD PRIMARY KEY (p_partkey)',
	'ALTER TABLE supplier ADD PRIMARY KEY (s_suppkey)',
	'ALTER TABLE partsupp ADD PRIMARY KEY (ps_partkey, ps_suppkey)',
	'ALTER TABLE customer ADD PRIMARY KEY (c_custkey)',
	'ALTER TABLE orders ADD PRIMARY KEY (o_orderkey)',
	'ALTER TABLE lineitem ADD PRIMARY KEY (l_orderkey, l_linenumber)',
	'ALTER TABLE nation ADD FOREIGN KEY (n_regionkey) REFERENCES region',
	'ALTER TABLE supplier ADD FOREIGN KEY (s_nationkey) REFERENCES nation',
	'ALTER TABLE customer ADD FOREIGN KEY (c_nationkey) REFERENCES nation',
	'ALTER TABLE partsupp ADD FOREIGN KEY (ps_partkey) REFERENCES part',
	'ALTER TABLE partsupp ADD FOREIGN KEY (ps_suppkey) REFERENCES supplier',
	'ALTER TABLE orders ADD FOREIGN KEY (o_custkey) REFERENCES customer',
	'ALTER TABLE lineitem ADD FOREIGN KEY (l_orderkey) REFERENCES orders',
	'ALTER TABLE lineitem ADD FOREIGN KEY (l_partkey, l_suppkey) REFERENCES partsupp',
	/* indexes on the foreign-key columns, as PostgreSQL TPC-H set-ups have:
	   without them Q17's and Q20's correlated subqueries scan lineitem once
	   per outer row (SF1 Q17: over 5 minutes) */
	'CREATE INDEX ON nation (n_regionkey)',
	'CREATE INDEX ON supplier (s_nationkey)',
	'CREATE INDEX ON customer (c_nationkey)',
	'CREATE INDEX ON partsupp (ps_suppkey)',
	'CREATE INDEX ON orders (o_custkey)',
	'CREATE INDEX ON lineitem (l_partkey, l_suppkey)',
	'CREATE INDEX ON lineitem (l_suppkey)',
];

/* olapConf: the settings appended to postgresql.conf (see README.md). */
function olapConf(port, sockDir, cores)
{
	const ram = os.totalmem();
	const mb = (f, cap) => `${Math.floor(Math.min(ram * f, cap) / 2 ** 20)}MB`;
	return {
		port: String(port),
		listen_addresses: "'127.0.0.1'",
		unix_socket_directories: `'${sockDir}'`,
		shared_buffers: mb(0.25, 8 * 2 ** 30),
		effective_cache_size: mb(0.5, 64 * 2 ** 30),
		work_mem: mb(0.01, 256 * 2 ** 20),
		maintenance_work_mem: mb(0.05, 2 * 2 ** 30),
		max_worker_processes: String(cores + 8),
		max_parallel_workers: String(cores),
		max_parallel_workers_per_gather: String(cores),
		max_parallel_maintenance_workers: String(cores),
		effective_io_concurrency: '64',
		wal_level: 'minimal',
		max_wal_senders: '0',
		max_wal_size: '16GB',
		checkpoint_timeout: '30min',
		default_statistics_target: '100',
		logging_collector: 'off',
	};
}

class Postgres {
	constructor(opts)
	{
		this.name = 'postgres';
		this.label = 'PostgreSQL';
		this.opts = opts;			/* {tmp, cores, timeoutMs} */
		this.dir = null;
		this.port = null;
		this.client = null;
		this.sampler = null;
		this.settings = null;
		this.version = null;
	}

	asPostgres(cmd, args)
	{
		if (process.getuid && process.getuid() === 0)
			return sh('runuser', ['-u', 'postgres', '--', cmd, ...args]);
		return sh(cmd, args);
	}

	async start()
	{
		this.dir = mkdirp(path.join(this.opts.tmp, 'postgres'));
		const data = path.join(this.dir, 'data');
		if (process.getuid && process.getuid() === 0)
			await sh('chown', ['-R', 'postgres:', this.dir]);
		let r = await this.asPostgres(`${PG_BIN}/initdb`, ['-D', data, '-A', 'trust',
			'-U', 'postgres', '-E', 'UTF8', '--locale=C', '--no-sync']);
		if (r.code !== 0)
			throw new Error(`initdb failed: ${r.stderr.trim()}`);
		this.port = await freePort();
		this.settings = olapConf(this.port, this.dir, this.opts.cores);
		const lines = Object.entries(this.settings).map(([k, v]) => `${k} = ${v}`);
		fs.appendFileSync(path.join(data, 'postgresql.conf'),
			`\n# bench/run: OLAP settings\n${lines.join('\n')}\n`);
		r = await this.asPostgres(`${PG_BIN}/pg_ctl`, ['-D', data, '-l',
			path.join(this.dir, 'server.log'), '-w', '-t', '120', 'start']);
		if (r.code !== 0)
			throw new Error(`pg_ctl start failed: ${r.stderr.trim()} ${r.stdout.trim()}`);
		this.pid = parseInt(fs.readFileSync(path.join(data, 'postmaster.pid'), 'utf8'), 10);
		this.sampler = new MemSampler(() => procTree(this.pid).reduce((s, p) => s + pssBytes(p), 0));
		this.client = await new PgClient({ port: this.port, user: 'postgres',
			database: 'postgres' }).connect();
		const v = await this.client.query('SHOW server_version');
		this.version = v.error ? 'unknown' : `PostgreSQL ${v.rows[0][0]}`;
		log(`postgres: ${this.version} on port ${this.port}, data in ${data}`);
	}

	async exec(sql)
	{
		const r = await this.client.query(sql);
		if (r.error)
			throw new Error(`${sql.slice(0, 60)}: ${r.error.code} ${r.error.message}`);
		return r;
	}

	/* load creates and fills the tables, then adds keys and statistics. */
	async load(dataDir, schema)
	{
		const out = { tables: {}, steps: {}, error: null };
		const t0 = Date.now();
		for (const t of TABLES) {
			const t1 = Date.now();
			await this.exec('BEGIN');
			await this.exec(schema[t]);
			const r = await this.client.copyIn(`COPY ${t} FROM STDIN WITH (FORMAT text, DELIMITER '|')`,
				tableFiles(dataDir, t));
			if (r.error) {
				await this.client.query('ROLLBACK');
				throw new Error(`COPY ${t}: ${r.error.code} ${r.error.message}`);
			}
			await this.exec('COMMIT');
			out.tables[t] = { rows: r.rows, s: (Date.now() - t1) / 1000 };
			log(`postgres: ${t} ${r.rows} rows in ${out.tables[t].s.toFixed(1)} s`);
		}
		out.steps.copy = (Date.now() - t0) / 1000;
		let t1 = Date.now();
		for (const k of KEYS)
			await this.exec(k);
		out.steps.keys = (Date.now() - t1) / 1000;
		t1 = Date.now();
		await this.exec('VACUUM (ANALYZE)');
		out.steps.analyze = (Date.now() - t1) / 1000;
		out.s = (Date.now() - t0) / 1000;
		log(`postgres: loaded in ${out.s.toFixed(1)} s (keys ${out.steps.keys.toFixed(1)} s, ` +
			`vacuum analyze ${out.steps.analyze.toFixed(1)} s)`);
		return out;
	}

	query(sql)
	{
		return this.client.query(sql, this.opts.timeoutMs);
	}

	peakMemory()
	{
		return { bytes: this.sampler ? this.sampler.sample() : null,
			method: 'max over 200 ms samples of the summed Pss of the postmaster and its children' };
	}

	interrupt()
	{
		if (this.client)
			this.client.cancel();
	}

	/* stopNow stops the server synchronously: for a run cut short. */
	stopNow()
	{
		if (!this.dir)
			return;
		const args = ['-D', path.join(this.dir, 'data'), '-m', 'immediate', '-w', 'stop'];
		const pgctl = `${PG_BIN}/pg_ctl`;
		if (process.getuid && process.getuid() === 0)
			spawnSync('runuser', ['-u', 'postgres', '--', pgctl, ...args], { stdio: 'ignore' });
		else
			spawnSync(pgctl, args, { stdio: 'ignore' });
		this.dir = null;
	}

	async stop()
	{
		if (this.sampler)
			this.sampler.stop();
		if (this.client)
			await this.client.end();
		if (this.dir)
			await this.asPostgres(`${PG_BIN}/pg_ctl`, ['-D', path.join(this.dir, 'data'),
				'-m', 'fast', '-w', 'stop']);
		this.dir = null;
	}
}

module.exports = { Postgres, KEYS };
