'use strict';
/*
 * tbl.js
 *	  The TPC-H tables and their .tbl files: the load order, the files of a
 *	  table (TABLE.tbl or chunks TABLE.tbl.1..K), and a stream that turns
 *	  dbgen's "a|b|c|\n" lines into COPY text format "a|b|c\n".
 */
const fs = require('fs');
const path = require('path');
const { Transform } = require('stream');

/* Small tables first: a failure shows in seconds, not after lineitem. */
const TABLES = ['region', 'nation', 'supplier', 'customer', 'part', 'partsupp',
	'orders', 'lineitem'];

/* tableFiles lists the .tbl files of table in dir, in order. */
function tableFiles(dir, table)
{
	const single = path.join(dir, `${table}.tbl`);
	if (fs.existsSync(single))
		return [single];
	const chunks = [];
	for (let k = 1; fs.existsSync(path.join(dir, `${table}.tbl.${k}`)); k++)
		chunks.push(path.join(dir, `${table}.tbl.${k}`));
	return chunks;
}

/*
 * StripBar drops the '|' before each newline and counts lines.  A chunk
 * ending in '|' keeps it back until the next chunk shows what follows.
 */
class StripBar extends Transform {
	constructor()
	{
		super();
		this.held = false;
		this.lines = 0;
	}

	_transform(chunk, enc, cb)
	{
		let s = chunk.toString('latin1');
		if (this.held)
			s = '|' + s;
		this.held = s.endsWith('|');
		if (this.held)
			s = s.slice(0, -1);
		for (let i = s.indexOf('\n'); i >= 0; i = s.indexOf('\n', i + 1))
			this.lines++;
		cb(null, Buffer.from(s.replaceAll('|\n', '\n'), 'latin1'));
	}

	_flush(cb)
	{
		cb(null, this.held ? Buffer.from('|', 'latin1') : null);
	}
}

/*
 * schemaStatements splits ../shared/tpch/schema.sql into one CREATE TABLE
 * per table name.
 */
function schemaStatements(schemaPath)
{
	const text = fs.readFileSync(schemaPath, 'utf8').replace(/--[^\n]*/g, '');
	const out = {};
	for (const stmt of text.split(';')) {
		const m = stmt.match(/CREATE\s+TABLE\s+(\w+)/i);
		if (m)
			out[m[1].toLowerCase()] = stmt.trim();
	}
	return out;
}

module.exports = { TABLES, tableFiles, StripBar, schemaStatements };
