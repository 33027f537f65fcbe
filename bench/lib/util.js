'use strict';
/*
 * util.js
 *	  Small helpers shared by bench/run and bench/latency: logging, free
 *	  loopback ports, child commands, process trees and their memory.
 */
const fs = require('fs');
const net = require('net');
const path = require('path');
const { spawn } = require('child_process');

const t0 = Date.now();

function log(...args)
{
	const s = ((Date.now() - t0) / 1000).toFixed(1).padStart(7);
	process.stderr.write(`[${s}s] ${args.join(' ')}\n`);
}

function sleep(ms)
{
	return new Promise((r) => setTimeout(r, ms));
}

/*
 * freePort finds a free loopback TCP port in 20000-32767, below Linux's
 * ephemeral range (as tests/lib/ports.sh does), so that no outgoing
 * connection takes it between this check and the server's bind, and the
 * reserved 5433, 7077 and 4040 are never used.
 */
function tryPort(port)
{
	return new Promise((resolve) => {
		const srv = net.createServer();
		srv.unref();
		srv.on('error', () => resolve(false));
		srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
	});
}

async function freePort()
{
	for (let i = 0; i < 500; i++) {
		const port = 20000 + Math.floor(Math.random() * 12768);
		if (await tryPort(port))
			return port;
	}
	throw new Error('no free port in 20000-32767');
}

/* freePorts returns n distinct free ports. */
async function freePorts(n)
{
	const ports = new Set();
	while (ports.size < n)
		ports.add(await freePort());
	return [...ports];
}

/*
 * sh runs a command to completion and resolves {code, stdout, stderr};
 * it never rejects on a non-zero exit (callers decide).
 */
function sh(cmd, args, opts = {})
{
	return new Promise((resolve) => {
		const p = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], ...opts });
		let stdout = '';
		let stderr = '';
		p.stdout.on('data', (d) => { stdout += d; });
		p.stderr.on('data', (d) => { stderr += d; });
		p.on('error', (e) => resolve({ code: -1, stdout, stderr: stderr + e.message }));
		p.on('close', (code) => resolve({ code, stdout, stderr }));
	});
}

/* procTree lists rootPid and all its live descendants. */
function procTree(rootPid)
{
	const children = new Map();
	for (const d of fs.readdirSync('/proc')) {
		if (!/^\d+$/.test(d))
			continue;
		let stat;
		try {
			stat = fs.readFileSync(`/proc/${d}/stat`, 'utf8');
		} catch (e) {
			continue;
		}
		/* the command name may hold spaces and parens: parse after the last ')' */
		const ppid = parseInt(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1], 10);
		if (!children.has(ppid))
			children.set(ppid, []);
		children.get(ppid).push(parseInt(d, 10));
	}
	const out = [];
	const todo = [rootPid];
	while (todo.length) {
		const p = todo.pop();
		if (!fs.existsSync(`/proc/${p}`))
			continue;
		out.push(p);
		for (const c of children.get(p) || [])
			todo.push(c);
	}
	return out;
}

/* statusKb reads a "Key:  N kB" line of /proc/PID/status (0 if gone). */
function statusKb(pid, key)
{
	try {
		const s = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
		const m = s.match(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm'));
		return m ? parseInt(m[1], 10) * 1024 : 0;
	} catch (e) {
		return 0;
	}
}

/* pssBytes is a process's proportional set size: shared pages split among sharers. */
function pssBytes(pid)
{
	try {
		const s = fs.readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
		const m = s.match(/^Pss:\s+(\d+) kB/m);
		return m ? parseInt(m[1], 10) * 1024 : 0;
	} catch (e) {
		return 0;
	}
}

/*
 * MemSampler polls fn() (bytes) every interval ms and keeps the maximum, so
 * that short-lived processes (PostgreSQL's parallel workers, restarted
 * Quarry workers) are seen.
 */
class MemSampler {
	constructor(fn, interval = 200)
	{
		this.fn = fn;
		this.peak = 0;
		this.timer = setInterval(() => this.sample(), interval);
		this.timer.unref();
	}

	sample()
	{
		try {
			this.peak = Math.max(this.peak, this.fn());
		} catch (e) {
			/* a process vanished between listing and reading: skip */
		}
		return this.peak;
	}

	stop()
	{
		this.sample();
		clearInterval(this.timer);
		return this.peak;
	}
}

function fmtBytes(n)
{
	if (n === null || n === undefined)
		return 'n/a';
	const u = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
	let i = 0;
	while (n >= 1024 && i < u.length - 1) {
		n /= 1024;
		i++;
	}
	return `${n.toFixed(i ? 1 : 0)} ${u[i]}`;
}

function mkdirp(d)
{
	fs.mkdirSync(d, { recursive: true });
	return d;
}

function repoRoot()
{
	return path.resolve(__dirname, '..', '..');
}

/* shuffleBytesOf sums "shuffle write: 1,234 bytes" over EXPLAIN ANALYZE lines. */
function shuffleBytesOf(lines)
{
	let sum = null;
	for (const line of lines)
		for (const m of line.matchAll(/shuffle write:\s*([\d,]+)\s*bytes/gi))
			sum = (sum || 0) + Number(m[1].replace(/,/g, ''));
	return sum;
}

module.exports = {
	shuffleBytesOf,
	log, sleep, freePort, freePorts, sh, procTree, statusKb, pssBytes,
	MemSampler, fmtBytes, mkdirp, repoRoot,
};
