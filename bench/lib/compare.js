'use strict';
/*
 * compare.js
 *	  Checks an engine's answer against PostgreSQL's.  PostgreSQL's column
 *	  types decide how values compare: numeric exactly as decimals (1.50 =
 *	  1.5), float4/float8 within a relative tolerance, integers exactly,
 *	  everything else as text (character(n) with its blank padding, as
 *	  PostgreSQL prints it).  In "loose" mode (DuckDB, whose avg and
 *	  decimal scales differ and whose CHAR is not blank-padded) numbers
 *	  compare within the tolerance and text without trailing blanks.
 */
const NUMERIC = 1700;
const FLOATS = new Set([700, 701]);
const INTS = new Set([20, 21, 23]);
const REL_TOL = 1e-9;

/* decimalKey normalises a decimal string: "-001.500" -> "-1.5". */
function decimalKey(s)
{
	s = String(s).trim();
	if (!/^[+-]?(\d+\.?\d*|\.\d+)$/.test(s))
		return null;
	let neg = s[0] === '-';
	s = s.replace(/^[+-]/, '');
	let [i, f = ''] = s.split('.');
	i = i.replace(/^0+/, '') || '0';
	f = f.replace(/0+$/, '');
	if (i === '0' && f === '')
		neg = false;
	return (neg ? '-' : '') + i + (f ? '.' + f : '');
}

function closeNumbers(a, b)
{
	const x = Number(a);
	const y = Number(b);
	if (Number.isNaN(x) || Number.isNaN(y))
		return false;
	return Math.abs(x - y) <= REL_TOL * Math.max(1, Math.abs(x), Math.abs(y));
}

const BPCHAR = 1042;

function sameValue(oid, want, got, loose, padless = false)
{
	if (want === null || got === null)
		return want === got;
	if (padless && oid === BPCHAR)
		return String(want).trimEnd() === String(got).trimEnd();
	if (oid === NUMERIC || FLOATS.has(oid) || INTS.has(oid)) {
		if (loose || FLOATS.has(oid))
			return closeNumbers(want, got);
		const a = decimalKey(want);
		return a !== null && a === decimalKey(got);
	}
	if (loose)
		return String(want).trimEnd() === String(got).trimEnd();
	return String(want) === String(got);
}

/* valueKey is a sortable form of a value that agrees with sameValue (floats to 9 digits). */
function valueKey(oid, v, loose, padless = false)
{
	if (v === null)
		return null;
	if (padless && oid === BPCHAR)
		return String(v).trimEnd();
	if (FLOATS.has(oid) || (loose && (oid === NUMERIC || INTS.has(oid))))
		return Number(v).toPrecision(9);
	if (oid === NUMERIC || INTS.has(oid))
		return decimalKey(v) ?? String(v);
	return loose ? String(v).trimEnd() : String(v);
}

/*
 * compare resolves to {ok, note}: ok is true when the answers agree, note
 * says how they differ (the first differing row and column).  An answer
 * that differs only in the blank padding of character(n) columns is wrong
 * (PostgreSQL prints the padding) but says so, with padding: true.
 */
function compare(ref, got, loose = false)
{
	const r = compareWith(ref, got, loose, false);
	if (r.ok || loose)
		return r;
	const p = compareWith(ref, got, loose, true);
	if (p.ok)
		return { ok: false, padding: true,
			note: `only the blank padding of character(n) values differs; ${r.note}` };
	return r;
}

function compareWith(ref, got, loose, padless)
{
	const oids = ref.fields.map((f) => f.oid);
	if (got.fields.length !== oids.length)
		return { ok: false, note: `${got.fields.length} columns, PostgreSQL has ${oids.length}` };
	if (got.rows.length !== ref.rows.length)
		return { ok: false, note: `${got.rows.length} rows, PostgreSQL has ${ref.rows.length}` };
	const sameRow = (a, b) => a.every((v, c) => sameValue(oids[c], v, b[c], loose, padless));
	let bad = -1;
	for (let i = 0; i < ref.rows.length && bad < 0; i++)
		if (!sameRow(ref.rows[i], got.rows[i]))
			bad = i;
	if (bad < 0)
		return { ok: true, note: '' };
	/* the same rows in another order: ties in ORDER BY may legitimately differ */
	const rowKey = (r) => JSON.stringify(r.map((v, c) => valueKey(oids[c], v, loose, padless)));
	const a = ref.rows.map(rowKey).sort();
	const b = got.rows.map(rowKey).sort();
	if (a.every((k, i) => k === b[i]))
		return { ok: true, note: 'same rows, order differs (ties?)' };
	const col = ref.rows[bad].findIndex((v, c) => !sameValue(oids[c], v, got.rows[bad][c], loose, padless));
	return {
		ok: false,
		note: `row ${bad + 1} column ${ref.fields[col].name}: got ${JSON.stringify(got.rows[bad][col])}, ` +
			`PostgreSQL ${JSON.stringify(ref.rows[bad][col])}`,
	};
}

module.exports = { compare, decimalKey };
