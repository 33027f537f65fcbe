'use strict';
/*
 * pgclient.js
 *	  One PostgreSQL-protocol connection (node-postgres) as the runner uses
 *	  it for PostgreSQL and Quarry alike: queries return every value as the
 *	  server's text, timed on the client, with a timeout that sends a
 *	  CancelRequest; COPY FROM STDIN streams a .tbl file.
 */
const fs = require('fs');
const net = require('net');
const { pipeline } = require('stream/promises');
const pg = require('pg');
const { StripBar } = require('./tbl');

let copyFrom = null;
try {
	copyFrom = require('pg-copy-streams').from;
} catch (e) {
	copyFrom = null;
}

/* Every type as its text: the checker compares what the server printed. */
const rawTypes = { getTypeParser: () => (v) => v };

function errOf(e)
{
	return { code: e.code || 'XXXXX', message: String(e.message || e).split('\n')[0] };
}

class PgClient {
	constructor(opts)
	{
		this.opts = { host: '127.0.0.1', ...opts, types: rawTypes };
		this.client = null;
	}

	async connect()
	{
		this.client = new pg.Client(this.opts);
		this.client.on('error', () => { /* reported by the failing query */ });
		await this.client.connect();
		return this;
	}

	/* cancel sends a CancelRequest for the running query on a new socket. */
	cancel()
	{
		const c = this.client;
		if (!c || c.processID == null)
			return;
		const buf = Buffer.alloc(16);
		buf.writeInt32BE(16, 0);
		buf.writeInt32BE(80877102, 4);
		buf.writeInt32BE(c.processID, 8);
		buf.writeInt32BE(c.secretKey, 12);
		const s = net.connect(this.opts.port, this.opts.host, () => s.end(buf));
		s.on('error', () => {});
	}

	/*
	 * query runs sql and resolves {ms, rows, fields} or {error: {code,
	 * message}}; it never rejects.  After timeoutMs it cancels the query;
	 * if the server ignores the cancel for 10 s more, the connection is
	 * dropped and reopened.
	 */
	async query(sql, timeoutMs = 0, extra = {})
	{
		let timer = null;
		let hard = null;
		let timedOut = false;
		if (timeoutMs > 0)
			timer = setTimeout(() => {
				timedOut = true;
				this.cancel();
				hard = setTimeout(() => this.client.connection.stream.destroy(), 10000);
			}, timeoutMs);
		const t = process.hrtime.bigint();
		try {
			const r = await this.client.query({ text: sql, rowMode: 'array', ...extra });
			const ms = Number(process.hrtime.bigint() - t) / 1e6;
			const last = Array.isArray(r) ? r[r.length - 1] : r;
			return {
				ms, rows: last.rows || [], rowCount: last.rowCount,
				fields: (last.fields || []).map((f) => ({ name: f.name, oid: f.dataTypeID })),
			};
		} catch (e) {
			const error = errOf(e);
			if (timedOut)
				error.message = `timeout after ${timeoutMs / 1000} s (${error.message})`;
			if (hard !== null || !this.client.connection.stream.writable)
				await this.reconnect();
			return { error };
		} finally {
			clearTimeout(timer);
			clearTimeout(hard);
		}
	}

	async reconnect()
	{
		try {
			await this.client.end();
		} catch (e) { /* already gone */ }
		try {
			await this.connect();
		} catch (e) { /* the next query reports it */ }
	}

	/*
	 * copyIn streams files into "COPY ... FROM STDIN" and resolves {rows,
	 * ms} or {error}.  Without pg-copy-streams it reports that as the error.
	 */
	async copyIn(sql, files)
	{
		if (copyFrom === null)
			return { error: { code: 'n/a', message: 'npm pg-copy-streams is not installed' } };
		const t = process.hrtime.bigint();
		let rows = 0;
		try {
			const sink = this.client.query(copyFrom(sql));
			const strip = new StripBar();
			const src = (async function *() {
				for (const f of files)
					for await (const chunk of fs.createReadStream(f, { highWaterMark: 1 << 20 }))
						yield chunk;
			})();
			await pipeline(src, strip, sink);
			rows = Number(sink.rowCount ?? strip.lines);
		} catch (e) {
			if (!this.client.connection.stream.writable)
				await this.reconnect();
			return { error: errOf(e) };
		}
		return { rows, ms: Number(process.hrtime.bigint() - t) / 1e6 };
	}

	async end()
	{
		try {
			await this.client.end();
		} catch (e) { /* already gone */ }
	}
}

module.exports = { PgClient };
