// JdbcClient.java HOST PORT USER: pgjdbc (Debian's libpostgresql-jdbc-java):
// Statement, PreparedStatement reused past prepareThreshold (server-side
// statements and binary transfer), typed parameters and NULL, setFetchSize
// with autocommit off over 10,000 rows, transactions and savepoints, errors.
// Left out until the catalog issue lands: ResultSetMetaData's
// getColumnTypeName, getTableName and isNullable (they query pg_catalog).
// Left out until a query can run long: Statement.cancel and
// setQueryTimeout (tests/fault/cancel.sh covers cancel).
import java.io.StringReader;
import java.sql.*;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

public class JdbcClient {
	public static void main(String[] args) throws Exception {
		String url = "jdbc:postgresql://" + args[0] + ":" + args[1] + "/" + args[2] + "?sslmode=disable";
		try (Connection c = DriverManager.getConnection(url, args[2], "")) {
			DatabaseMetaData md = c.getMetaData();
			System.out.println("product: " + md.getDatabaseProductName() + " major " + md.getDatabaseMajorVersion());
			statements(c);
			prepared(c);
			newTypes(c);
			fetchSize(c);
			transactions(c);
			errors(c);
			cancel(c);
			try (Statement s = c.createStatement()) {
				s.execute("DROP TABLE jt");
				s.execute("DROP TABLE jbig");
				s.execute("DROP TABLE jk");
			}
		}
	}

	static void print(ResultSet rs) throws SQLException {
		ResultSetMetaData m = rs.getMetaData();
		while (rs.next()) {
			StringBuilder b = new StringBuilder();
			for (int i = 1; i <= m.getColumnCount(); i++) {
				Object o = rs.getObject(i);
				b.append(i > 1 ? " | " : "").append(o == null ? "null" : o.getClass().getSimpleName() + ":" + o);
			}
			System.out.println(b);
		}
	}

	static void statements(Connection c) throws SQLException {
		System.out.println("-- Statement");
		try (Statement s = c.createStatement()) {
			s.execute("DROP TABLE IF EXISTS jt");
			s.execute("CREATE TABLE jt (id int, name text, big bigint, small smallint, x float8, ok bool, tag varchar(10))");
			int n = s.executeUpdate("INSERT INTO jt VALUES (1, 'one', 10000000000, 1, 1.5, true, 'a'), (2, 'two', -2, 2, 2.25, false, NULL)");
			System.out.println("inserted " + n);
			try (ResultSet rs = s.executeQuery("SELECT * FROM jt ORDER BY id")) {
				ResultSetMetaData m = rs.getMetaData();
				for (int i = 1; i <= m.getColumnCount(); i++)
					System.out.println(m.getColumnName(i) + " " + m.getColumnType(i));
				print(rs);
			}
			System.out.println("execute returns a result set: " + s.execute("SELECT 1"));
			System.out.println("update count of SET: " + s.executeUpdate("SET application_name = 'jdbc-test'"));
		}
	}

	static void prepared(Connection c) throws SQLException {
		System.out.println("-- PreparedStatement past prepareThreshold");
		try (PreparedStatement ps = c.prepareStatement("SELECT id, name, big, x, ok FROM jt WHERE id = ? OR name = ?")) {
			for (int i = 0; i < 8; i++) {
				ps.setInt(1, 1 + i % 2);
				ps.setString(2, "none");
				try (ResultSet rs = ps.executeQuery()) {
					print(rs);
				}
			}
			System.out.println("server prepared: " + ps.unwrap(org.postgresql.PGStatement.class).isUseServerPrepare());
		}
		try (PreparedStatement ins = c.prepareStatement("INSERT INTO jt VALUES (?, ?, ?, ?, ?, ?, ?)")) {
			for (int i = 3; i < 10; i++) {
				ins.setInt(1, i);
				ins.setString(2, "p" + i);
				ins.setLong(3, (long) i << 33);
				ins.setShort(4, (short) -i);
				ins.setDouble(5, i / 4.0);
				ins.setBoolean(6, i % 2 == 0);
				if (i % 3 == 0)
					ins.setNull(7, Types.VARCHAR);
				else
					ins.setString(7, "t" + i);
				System.out.println("insert " + ins.executeUpdate());
			}
			ins.setInt(1, 10);
			ins.setNull(2, Types.VARCHAR);
			ins.setNull(3, Types.BIGINT);
			ins.setNull(4, Types.SMALLINT);
			ins.setNull(5, Types.DOUBLE);
			ins.setNull(6, Types.BOOLEAN);
			ins.setNull(7, Types.VARCHAR);
			System.out.println("insert nulls " + ins.executeUpdate());
		}
		try (PreparedStatement ps = c.prepareStatement("SELECT id, name, big, small, x, ok, tag FROM jt WHERE id >= ? AND big > ? ORDER BY id")) {
			for (int i = 0; i < 7; i++) {
				ps.setInt(1, 8);
				ps.setLong(2, -100L);
				try (ResultSet rs = ps.executeQuery()) {
					if (i == 6)
						print(rs);
				}
			}
		}
		try (PreparedStatement ps = c.prepareStatement("UPDATE jt SET tag = ? WHERE id = ? RETURNING id, tag, big")) {
			ps.setString(1, "returned");
			ps.setInt(2, 3);
			try (ResultSet rs = ps.executeQuery()) {
				print(rs);
			}
		}
		try (PreparedStatement ps = c.prepareStatement("SELECT ?::int IS NULL, ? || 'x', ?::float8 + 1")) {
			ps.setNull(1, Types.INTEGER);
			ps.setString(2, "w");
			ps.setDouble(3, 0.5);
			try (ResultSet rs = ps.executeQuery()) {
				print(rs);
			}
		}
	}

	static void newTypes(Connection c) throws SQLException {
		System.out.println("-- BigDecimal, Date, Timestamp");
		try (Statement s = c.createStatement()) {
			s.execute("CREATE TABLE jtt (id int, amount numeric(12,2), d date, ts timestamp)");
		}
		try (PreparedStatement ps = c.prepareStatement("INSERT INTO jtt VALUES (?, ?, ?, ?)")) {
			for (int i = 1; i <= 6; i++) {
				ps.setInt(1, i);
				ps.setBigDecimal(2, new java.math.BigDecimal(i + ".25"));
				ps.setDate(3, java.sql.Date.valueOf("2024-02-2" + i));
				ps.setTimestamp(4, java.sql.Timestamp.valueOf("2024-02-2" + i + " 12:34:56.789"));
				ps.executeUpdate();
			}
			ps.setInt(1, 7);
			ps.setNull(2, Types.NUMERIC);
			ps.setNull(3, Types.DATE);
			ps.setNull(4, Types.TIMESTAMP);
			ps.executeUpdate();
		}
		try (PreparedStatement ps = c.prepareStatement(
				"SELECT id, amount, d, ts FROM jtt WHERE amount > ? AND d >= ? ORDER BY id")) {
			for (int i = 0; i < 6; i++) {
				ps.setBigDecimal(1, new java.math.BigDecimal("2"));
				ps.setDate(2, java.sql.Date.valueOf("2024-02-23"));
				try (ResultSet rs = ps.executeQuery()) {
					while (rs.next())
						if (i == 5)
							System.out.println(rs.getInt(1) + " " + rs.getBigDecimal(2) + " " + rs.getDate(3)
								+ " " + rs.getTimestamp(4));
				}
			}
		}
		try (Statement s = c.createStatement()) {
			s.execute("DROP TABLE jtt");
		}
	}

	static void fetchSize(Connection c) throws Exception {
		System.out.println("-- setFetchSize over 10,000 rows");
		try (Statement s = c.createStatement()) {
			s.execute("DROP TABLE IF EXISTS jbig");
			s.execute("CREATE TABLE jbig (id int, v text)");
		}
		StringBuilder b = new StringBuilder();
		for (int i = 1; i <= 10000; i++)
			b.append(i).append('\t').append("value ").append(i).append('\n');
		CopyManager cm = c.unwrap(PGConnection.class).getCopyAPI();
		System.out.println("copied " + cm.copyIn("COPY jbig FROM STDIN", new StringReader(b.toString())));
		c.setAutoCommit(false);
		try (Statement s = c.createStatement()) {
			s.setFetchSize(500);
			long n = 0, sum = 0;
			try (ResultSet rs = s.executeQuery("SELECT id, v FROM jbig ORDER BY id")) {
				while (rs.next()) {
					n++;
					sum += rs.getInt(1);
					if (n == 1 || n == 10000)
						System.out.println(rs.getInt(1) + " " + rs.getString(2));
				}
			}
			System.out.println("rows " + n + " sum " + sum);
		}
		try (PreparedStatement ps = c.prepareStatement("SELECT id FROM jbig WHERE id > ? ORDER BY id")) {
			ps.setFetchSize(1000);
			ps.setInt(1, 9990);
			try (ResultSet rs = ps.executeQuery()) {
				int n = 0;
				while (rs.next())
					n++;
				System.out.println("prepared with fetch size: " + n);
			}
		}
		c.commit();
		c.setAutoCommit(true);
	}

	static void transactions(Connection c) throws SQLException {
		System.out.println("-- transactions");
		c.setAutoCommit(false);
		try (Statement s = c.createStatement()) {
			s.executeQuery("SELECT 1").close();
			Savepoint sp = c.setSavepoint();
			try {
				s.executeQuery("SELECT 1 / 0").close();
			} catch (SQLException e) {
				System.out.println("in savepoint: " + e.getSQLState());
			}
			c.rollback(sp);
			try (ResultSet rs = s.executeQuery("SELECT 'after rollback to savepoint'")) {
				print(rs);
			}
			c.commit();
			try {
				s.executeQuery("SELECT nosuch FROM jt").close();
			} catch (SQLException e) {
				System.out.println("failed: " + e.getSQLState());
			}
			try {
				s.executeQuery("SELECT 1").close();
			} catch (SQLException e) {
				System.out.println("aborted: " + e.getSQLState());
			}
			c.rollback();
			try (ResultSet rs = s.executeQuery("SELECT count(*) FROM jt")) {
				print(rs);
			}
			c.commit();
		}
		c.setAutoCommit(true);
	}

	static void cancel(Connection c) throws Exception {
		System.out.println("-- cancel and query timeout");
		try (Statement s = c.createStatement()) {
			s.execute("DROP TABLE IF EXISTS jk");
			s.execute("CREATE TABLE jk (a int)");
		}
		StringBuilder b = new StringBuilder();
		for (int i = 1; i <= 2000; i++)
			b.append(i).append('\n');
		c.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY jk FROM STDIN", new StringReader(b.toString()));
		String longQuery = "SELECT count(*) FROM jk a, jk b, jk c";
		try (Statement s = c.createStatement()) {
			s.setQueryTimeout(1);
			s.executeQuery(longQuery);
			System.out.println("query finished?");
		} catch (SQLException e) {
			System.out.println("timeout: " + e.getSQLState() + " " + e.getMessage().split("\n")[0]);
		}
		try (Statement s = c.createStatement()) {
			Thread t = new Thread(() -> {
				try {
					Thread.sleep(500);
					s.cancel();
				} catch (Exception e) {
					System.out.println("cancel failed: " + e);
				}
			});
			t.start();
			try {
				s.executeQuery(longQuery);
				System.out.println("query finished?");
			} catch (SQLException e) {
				System.out.println("cancel: " + e.getSQLState() + " " + e.getMessage().split("\n")[0]);
			}
			t.join();
			try (ResultSet rs = s.executeQuery("SELECT 'usable after cancel'")) {
				print(rs);
			}
		}
	}

	static void errors(Connection c) throws SQLException {
		System.out.println("-- errors");
		String[] sqls = {"SELECT * FROM nope", "SELEC 1", "SELECT 'x'::int", "INSERT INTO jt (id, tag) VALUES (1, 'far too long for this')"};
		try (Statement s = c.createStatement()) {
			for (String sql : sqls) {
				try {
					s.execute(sql);
				} catch (SQLException e) {
					System.out.println(e.getSQLState() + " " + e.getMessage().split("\n")[0]);
				}
			}
			try (ResultSet rs = s.executeQuery("SELECT 'usable'")) {
				print(rs);
			}
		}
		try (PreparedStatement ps = c.prepareStatement("SELECT id FROM jt WHERE id = ?")) {
			ps.setString(1, "abc");
			ps.executeQuery();
		} catch (SQLException e) {
			System.out.println(e.getSQLState() + " " + e.getMessage().split("\n")[0]);
		}
	}
}
