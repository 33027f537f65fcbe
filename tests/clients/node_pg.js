// node_pg.js HOST PORT USER: node-postgres (npm pg): parameterized
// queries, named prepared statements, rowMode array, transactions, errors.
const { Client } = require(__dirname + '/node_modules/pg');

async function main() {
  const [host, port, user] = process.argv.slice(2);
  const c = new Client({ host, port: Number(port), user, database: user });
  await c.connect();
  const q = async (text, values, extra) => c.query(Object.assign({ text, values }, extra || {}));
  await q('DROP TABLE IF EXISTS nt');
  await q('CREATE TABLE nt (id int, name text, big bigint, x float8, ok bool)');
  let r = await q('INSERT INTO nt VALUES ($1, $2, $3, $4, $5)', [1, 'one', '9007199254740993', 1.5, true]);
  console.log(r.command, r.rowCount);
  for (let i = 2; i <= 6; i++)
    await q('INSERT INTO nt VALUES ($1, $2, $3, $4, $5)', [i, 'n' + i, i * 1000, i / 4, i % 2 === 0], { name: 'ins' });
  r = await q('SELECT id, name, big, x, ok FROM nt WHERE id > $1 ORDER BY id', [3]);
  console.log(r.fields.map((f) => f.name + ':' + f.dataTypeID).join(' '));
  console.log(JSON.stringify(r.rows));
  r = await q('SELECT id, name FROM nt WHERE name = $1 OR id = $2', ['one', 5], { rowMode: 'array' });
  console.log(JSON.stringify(r.rows));
  r = await q('SELECT $1::int IS NULL AS n, $2::text AS t', [null, 'x'], { rowMode: 'array' });
  console.log(JSON.stringify(r.rows));
  r = await q('SELECT count(*) FROM nt');
  console.log(JSON.stringify(r.rows));
  await q('BEGIN');
  try {
    await q('SELECT 1 / (id - id) FROM nt');
  } catch (e) {
    console.log('error', e.code, e.message);
  }
  try {
    await q('SELECT 1');
  } catch (e) {
    console.log('error', e.code);
  }
  await q('ROLLBACK');
  for (const sql of ['SELECT * FROM nope', 'SELEC 1']) {
    try {
      await q(sql);
    } catch (e) {
      console.log('error', e.code, e.message, e.position);
    }
  }
  r = await q('SELECT $1::bigint + 1 AS v', ['41']);
  console.log(JSON.stringify(r.rows));
  r = await q('UPDATE nt SET name = $1, x = x + $2 WHERE id >= $3 AND ok = $4', ['changed', '1', '5', 'false']);
  console.log(r.command, r.rowCount);
  r = await q('DELETE FROM nt WHERE id = $1', ['2']);
  console.log(r.command, r.rowCount);
  r = await q('SELECT id, name, x FROM nt WHERE id >= $1 ORDER BY id', ['4'], { rowMode: 'array' });
  console.log(JSON.stringify(r.rows));
  await q('CREATE TABLE ntt (amount numeric(10,2), d date, ts timestamp)');
  await q('INSERT INTO ntt VALUES ($1, $2, $3)', ['19.99', '2024-02-29', '2024-02-29 08:00:01.5']);
  r = await q('SELECT amount, d, ts FROM ntt WHERE amount > $1', ['1'], { rowMode: 'array' });
  console.log(JSON.stringify(r.rows), r.fields.map((f) => f.dataTypeID).join(' '));
  await q('DROP TABLE ntt');
  // row comparisons with parameters (keyset pagination, tuple IN) and ROLLUP
  r = await q('SELECT id, name FROM nt WHERE (id, name) > ($1, $2) ORDER BY id, name', ['4', 'a'], { rowMode: 'array' });
  console.log(JSON.stringify(r.rows));
  r = await q('SELECT id FROM nt WHERE (id, x) IN (($1, $2), ($3, $4)) ORDER BY id', ['4', '1', '6', '1.5'], { rowMode: 'array' });
  console.log(JSON.stringify(r.rows));
  r = await q('SELECT ok, count(*), grouping(ok) FROM nt WHERE id > $1 GROUP BY ROLLUP (ok) ORDER BY 3, 1', ['0'], { rowMode: 'array' });
  console.log(JSON.stringify(r.rows));
  await q('DROP TABLE nt');
  await c.end();
}

main().catch((e) => { console.log('failed', e); process.exit(1); });
