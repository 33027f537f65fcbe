'use strict';
/*
 * report.js
 *	  Summaries of a run (medians, totals, geometric means, ratios) and the
 *	  markdown report built from the JSON one.
 */
const { fmtBytes } = require('./util');

function median(xs)
{
	if (!xs.length)
		return null;
	const s = [...xs].sort((a, b) => a - b);
	const m = s.length >> 1;
	return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/* A Quarry engine id: "quarry", or "quarry-w2" when several worker counts run. */
function isQuarry(e)
{
	return e === 'quarry' || e.startsWith('quarry-');
}

function geomean(xs)
{
	if (!xs.length)
		return null;
	return Math.exp(xs.reduce((s, x) => s + Math.log(Math.max(x, 1e-3)), 0) / xs.length);
}

/* summarize adds per-engine totals and geometric means and the ratios. */
function summarize(rep)
{
	const engines = rep.meta.engines;
	const qs = rep.queries;
	rep.summary = {};
	for (const e of engines) {
		const ok = qs.filter((q) => q.engines[e] && q.engines[e].median_ms != null);
		rep.summary[e] = {
			queries_ok: ok.length,
			queries: qs.length,
			total_ms: ok.reduce((s, q) => s + q.engines[e].median_ms, 0),
			geomean_ms: geomean(ok.map((q) => q.engines[e].median_ms)),
			wrong_answers: qs.filter((q) => q.engines[e] && q.engines[e].check && !q.engines[e].check.ok).length,
			wrong_only_padding: qs.filter((q) => q.engines[e]?.check?.padding).length,
		};
	}
	rep.ratios = {};
	for (const qe of engines.filter(isQuarry))
		for (const other of engines.filter((e) => !isQuarry(e))) {
			const common = qs.filter((q) => q.engines[qe]?.median_ms != null && q.engines[other]?.median_ms != null);
			for (const q of common)
				q.engines[qe][`ratio_${other}`] = q.engines[qe].median_ms / q.engines[other].median_ms;
			const sum = (e) => common.reduce((s, q) => s + q.engines[e].median_ms, 0);
			rep.ratios[`${qe}/${other}`] = {
				queries: common.length,
				total: common.length ? sum(qe) / sum(other) : null,
				geomean: geomean(common.map((q) => q.engines[qe].median_ms / q.engines[other].median_ms)),
			};
		}
	return rep;
}

function ms(x)
{
	if (x == null)
		return '';
	return x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2);
}

function sec(x)
{
	return x == null ? 'n/a' : `${x.toFixed(1)} s`;
}

function short(s, n = 70)
{
	s = String(s).replace(/\|/g, '\\|');
	return s.length > n ? s.slice(0, n - 1) + '…' : s;
}

function cell(r, full = false)
{
	if (!r)
		return '—';
	if (r.median_ms == null)
		return full ? `error: ${r.error.code} ${r.error.message}` : `error ${r.error.code}`;
	let s = ms(r.median_ms);
	if (r.slow)
		s += ' †';
	if (r.check && !r.check.ok)
		s += ' ✗';
	return s;
}

function ratio(x)
{
	return x == null ? '' : `${x.toFixed(2)}×`;
}

/* markdown renders the report; the per-query table first, then details. */
function markdown(rep)
{
	const m = rep.meta;
	const E = m.engines;
	const L = [];
	L.push(`# TPC-H SF${m.sf}: ${E.map((e) => m.labels[e]).join(' vs ')}`);
	L.push('');
	const workers = [].concat(m.workers).join(', ');
	L.push(`${m.date} · ${m.cpu}, ${m.cores} cores, ${fmtBytes(m.mem)} · Quarry ${m.commit} ` +
		`with ${workers} workers · ${m.warmup} warm-up + ${m.reps} timed runs per query, ` +
		'interleaved across engines; times are medians in ms, client-side wall clock.');
	if (m.load_avg)
		L.push('', `Machine load (1/5/15-minute load averages; ${m.cores} cores, shared): at the start ` +
			`${m.load_avg.start.map((x) => x.toFixed(2)).join(' / ')}` +
			(m.load_avg.queries_end ? `, after the queries ${m.load_avg.queries_end.map((x) => x.toFixed(2)).join(' / ')}` : '') + '.');
	L.push('');
	L.push(`Versions: ${[...new Set(E.map((e) => m.versions[e] || m.labels[e]))].join('; ')}` +
		`${m.quarry_bin && E.some(isQuarry) ? `; Quarry binary \`${m.quarry_bin}\`` : ''}.`);
	L.push('');
	L.push('## Summary');
	L.push('');
	L.push('| engine | load | queries ok | total (ok queries) | geomean | wrong answers | peak memory |');
	L.push('|---|---:|---:|---:|---:|---:|---:|');
	for (const e of E) {
		const s = rep.summary[e];
		const ld = rep.load[e] || {};
		const load = ld.s != null ? sec(ld.s) : `failed`;
		L.push(`| ${m.labels[e]} | ${load} | ${s.queries_ok}/${s.queries} | ${(s.total_ms / 1000).toFixed(2)} s | ` +
			`${s.geomean_ms == null ? 'n/a' : `${ms(s.geomean_ms)} ms`} | ${s.wrong_answers}` +
			`${s.wrong_only_padding ? ` (${s.wrong_only_padding} only char(n) padding)` : ''} | ${fmtBytes(rep.memory[e]?.bytes)} |`);
	}
	L.push('');
	for (const [k, r] of Object.entries(rep.ratios))
		L.push(`- ${k.split('/').map((e) => m.labels[e] || e).join('/')}: ` +
			(r.queries ? `total ${ratio(r.total)}, geomean ${ratio(r.geomean)} over the ${r.queries} queries both ran`
				: 'n/a (no query ran on both)'));
	if (Object.keys(rep.ratios).length)
		L.push('');
	L.push('## Per query (median ms)');
	L.push('');
	const QE = E.filter(isQuarry);
	const others = E.filter((e) => !isQuarry(e));
	const tag = (e) => (QE.length > 1 ? m.labels[e].replace('Quarry ', 'Q') : 'Q');
	const head = ['Q', ...E.map((e) => m.labels[e])];
	for (const qe of QE)
		head.push(...others.map((e) => `${tag(qe)}/${m.labels[e].slice(0, 4)}`));
	if (QE.length)
		head.push(QE.length > 1 ? `shuffled (${QE.map(tag).join(', ')})` : 'shuffled', 'check');
	L.push(`| ${head.join(' | ')} |`);
	L.push(`|${head.map((h, i) => (i === 0 || /check|error/.test(h) ? '---' : '---:')).join('|')}|`);
	const checkCell = (r) => (r?.check ? (r.check.ok ? (r.check.note ? 'ok*' : 'ok') :
		r.check.padding ? 'WRONG (pad)' : 'WRONG') : '');
	for (const q of rep.queries) {
		const row = [`Q${q.q}`, ...E.map((e) => cell(q.engines[e]))];
		for (const qe of QE)
			row.push(...others.map((e) => ratio(q.engines[qe]?.[`ratio_${e}`])));
		if (QE.length) {
			row.push(QE.map((qe) => (q.engines[qe]?.shuffled_bytes == null ? '-' :
				fmtBytes(q.engines[qe].shuffled_bytes))).join(', '));
			const checks = QE.map((qe) => checkCell(q.engines[qe]));
			row.push(checks.every((c) => c === checks[0]) ? checks[0] : checks.join(', '));
		}
		L.push(`| ${row.join(' | ')} |`);
	}
	const tot = ['total', ...E.map((e) => `${ms(rep.summary[e].total_ms)}`)];
	L.push(`| ${tot.join(' | ')}${QE.length ? ' |'.repeat(QE.length * others.length + 2) : ''} |`);
	L.push('');
	L.push('✗ = answer differs from PostgreSQL\'s; ok* = same rows in another order; ' +
		'WRONG (pad) = only the blank padding of character(n) values differs; ' +
		'"error CODE": the SQLSTATE, message below; † = fewer runs, one being slower than --slow. ' +
		'Totals and geomeans cover each engine\'s successful queries only.');
	L.push('');
	const errs = [];
	for (const q of rep.queries)
		for (const e of E) {
			const r = q.engines[e];
			if (r && r.error)
				errs.push(`- Q${q.q} ${m.labels[e]}: \`${r.error.code}\` ${r.error.message}`);
			if (r && r.check && (!r.check.ok || r.check.note))
				errs.push(`- Q${q.q} ${m.labels[e]} answer: ${r.check.ok ? 'ok, ' : 'WRONG, '}${r.check.note}`);
		}
	if (errs.length) {
		L.push('## Errors and answer checks');
		L.push('');
		L.push(...errs);
		L.push('');
	}
	if (rep.probe && rep.probe.length)
		L.push(...probeMarkdown(rep));
	L.push('## Load');
	L.push('');
	L.push(`| table | rows | ${E.map((e) => m.labels[e]).join(' | ')} |`);
	L.push(`|---|---:|${E.map(() => '---').join('|')}|`);
	const tables = Object.keys(rep.load[E.find((e) => rep.load[e]?.tables)]?.tables || {});
	for (const t of tables) {
		const rows = E.map((e) => rep.load[e]?.tables?.[t]?.rows).find((x) => x != null);
		const cells = E.map((e) => {
			const x = rep.load[e]?.tables?.[t];
			if (!x)
				return '—';
			if (x.error)
				return `error (${x.step || ''}): ${short(`${x.error.code} ${x.error.message}`, 50)}`;
			return sec(x.s);
		});
		L.push(`| ${t} | ${rows ?? ''} | ${cells.join(' | ')} |`);
	}
	for (const e of E) {
		const st = rep.load[e]?.steps || {};
		if (Object.keys(st).length)
			L.push(`| *${m.labels[e]}: ${Object.keys(st).join(', ')}* | | ${E.map((x) => (x === e ?
				Object.values(st).map((v) => sec(v)).join(', ') : '')).join(' | ')} |`);
	}
	L.push(`| **total** | | ${E.map((e) => (rep.load[e]?.s != null ? `**${sec(rep.load[e].s)}**` :
		`failed${rep.load[e]?.error ? '' : ''}`)).join(' | ')} |`);
	L.push('');
	L.push('## How it was measured');
	L.push('');
	for (const e of E)
		if (rep.memory[e])
			L.push(`- Peak memory, ${m.labels[e]}: ${rep.memory[e].method}.`);
	if (m.quarry_load)
		L.push(`- Quarry's load: ${m.quarry_load}.`);
	L.push('- Bytes shuffled: the sum of the "shuffle write: N bytes" lines of one more, untimed run of the query ' +
		'under EXPLAIN ANALYZE; "-" while Quarry\'s EXPLAIN ANALYZE prints none.');
	if (m.pg_settings)
		L.push(`- PostgreSQL settings: ${Object.entries(m.pg_settings).filter(([k]) =>
			!/port|listen|socket|logging/.test(k)).map(([k, v]) => `${k}=${v}`).join(', ')}; ` +
			'TPC-H primary and foreign keys and indexes on the foreign-key columns; VACUUM ANALYZE after the load.');
	L.push(`- Dialect adaptations: ${m.adaptations.length ? m.adaptations.join('; ') : 'none: every engine ran the query texts as written'}.`);
	L.push(`- Data: ${m.data}; reproduce with \`${m.command}\`.`);
	L.push('');
	return L.join('\n');
}

/* probeMarkdown: the trivial-query overhead, median µs per engine and query. */
function probeMarkdown(rep)
{
	const m = rep.meta;
	const modes = [...new Set(rep.probe.map((p) => p.mode))];
	const L = ['## Trivial-query overhead (one connection, median latency in µs)', '',
		`| engine | query | ${modes.join(' | ')} |`, `|---|---|${modes.map(() => '---:').join('|')}|`];
	const keys = [...new Set(rep.probe.map((p) => `${p.engine}\t${p.query}`))];
	for (const k of keys) {
		const [e, qn] = k.split('\t');
		const cells = modes.map((mode) => {
			const p = rep.probe.find((x) => x.engine === e && x.query === qn && x.mode === mode);
			if (!p)
				return 'n/a';
			return p.error ? `error: ${short(p.error, 50)}` : `${Math.round(p.median_us)}`;
		});
		L.push(`| ${m.labels[e] || e} | ${qn} | ${cells.join(' | ')} |`);
	}
	L.push('', 'pgbench -n -c 1 -M simple|extended, each transaction\'s latency logged (-l): ' +
		'the median covers client, protocol, planning and the task on a worker.', '');
	return L;
}

module.exports = { median, geomean, summarize, markdown, isQuarry };
