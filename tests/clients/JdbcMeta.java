// JdbcMeta.java HOST PORT USER: pgjdbc's DatabaseMetaData and ResultSetMetaData,
// which answer from pg_catalog: getTables, getSchemas, getCatalogs,
// getColumns, getPrimaryKeys, getImportedKeys, getFunctions, getSQLKeywords,
// getTypeInfo (its type cache loads pg_type with a JOIN ... USING; the
// built-in types below, by name); getColumnTypeName, getTableName,
// isNullable.  (getColumns' row_number() OVER statement is also checked by
// tests/sql/window_jdbc.)
import java.sql.*;
import java.util.*;

public class JdbcMeta {
	public static void main(String[] args) throws Exception {
		String url = "jdbc:postgresql://" + args[0] + ":" + args[1] + "/" + args[2] + "?sslmode=disable";
		try (Connection c = DriverManager.getConnection(url, args[2], "")) {
			try (Statement s = c.createStatement()) {
				s.execute("DROP TABLE IF EXISTS jm_orders");
				s.execute("DROP TABLE IF EXISTS jm_items");
				s.execute("CREATE TABLE jm_items (id integer PRIMARY KEY, label varchar(20) NOT NULL, amount numeric(10,2), created date)");
				s.execute("CREATE TABLE jm_orders (oid bigint, item integer REFERENCES jm_items, placed timestamp, note text, CONSTRAINT jm_orders_pk PRIMARY KEY (oid))");
				s.execute("COMMENT ON TABLE jm_items IS 'items'");
			}
			DatabaseMetaData md = c.getMetaData();
			run("getTables", () -> md.getTables(null, "public", "jm_%", new String[] {"TABLE", "VIEW"}), 1, 2, 3, 4, 5);
			run("getColumns", () -> md.getColumns(null, "public", "jm_%", "%"), 3, 4, 5, 6, 7, 9, 11, 13, 17, 18, 23);
			// every schema but Quarry's system schema quarry, which PostgreSQL lacks
			run("getSchemas", () -> md.getSchemas(null, "%c%"), 1);
			run("getCatalogs", () -> md.getCatalogs(), 1);
			run("getPrimaryKeys", () -> md.getPrimaryKeys(null, "public", "jm_orders"), 3, 4, 5, 6);
			run("getImportedKeys", () -> md.getImportedKeys(null, "public", "jm_orders"), 3, 4, 7, 8, 9, 12, 13);
			run("getFunctions", () -> md.getFunctions(null, "pg_catalog", "split_part"), 3, 5);
			System.out.println("getSQLKeywords: " + md.getSQLKeywords());
			typeInfo(md, "bool", "bytea", "char", "name", "int8", "int2", "int4", "text", "oid", "json",
					 "float4", "float8", "bpchar", "varchar", "date", "time", "timestamp", "timestamptz",
					 "interval", "numeric", "uuid", "regclass", "regtype", "_int4", "_text", "_varchar",
					 "_numeric", "_timestamp", "_bool", "_oid", "int4range", "refcursor", "void", "record");
			try (Statement s = c.createStatement();
				 ResultSet rs = s.executeQuery("SELECT i.id, i.label, i.amount, o.placed, 1 + 1 AS two FROM jm_items i JOIN jm_orders o ON o.item = i.id")) {
				ResultSetMetaData m = rs.getMetaData();
				for (int i = 1; i <= m.getColumnCount(); i++)
					System.out.println("column " + m.getColumnName(i) + ": " + m.getColumnTypeName(i) + " table="
									   + m.getTableName(i) + " nullable=" + m.isNullable(i));
			}
			try (Statement s = c.createStatement()) {
				s.execute("DROP TABLE jm_orders");
				s.execute("DROP TABLE jm_items");
			}
		}
	}

	// typeInfo prints getTypeInfo's rows of the named types, sorted by name
	// (the driver returns them in pg_type's order, which servers need not share).
	static void typeInfo(DatabaseMetaData md, String... names) {
		System.out.println("-- getTypeInfo");
		Set<String> wanted = new HashSet<>(Arrays.asList(names));
		TreeMap<String, String> rows = new TreeMap<>();
		try (ResultSet rs = md.getTypeInfo()) {
			int ncols = rs.getMetaData().getColumnCount();
			while (rs.next()) {
				if (!wanted.contains(rs.getString(1)))
					continue;
				StringBuilder b = new StringBuilder();
				for (int i = 1; i <= ncols; i++)
					b.append(i > 1 ? " | " : "").append(rs.getString(i));
				rows.put(rs.getString(1), b.toString());
			}
			for (String r : rows.values())
				System.out.println(r);
			System.out.println("(" + rows.size() + " rows)");
		} catch (SQLException e) {
			System.out.println("error " + e.getSQLState() + ": " + e.getMessage().split("\n")[0]);
		}
	}

	interface Query {
		ResultSet run() throws SQLException;
	}

	static void run(String name, Query q, int... cols) {
		System.out.println("-- " + name);
		try (ResultSet rs = q.run()) {
			int n = 0;
			while (rs.next()) {
				StringBuilder b = new StringBuilder();
				for (int i = 0; i < cols.length; i++)
					b.append(i > 0 ? " | " : "").append(rs.getString(cols[i]));
				System.out.println(b);
				n++;
			}
			System.out.println("(" + n + " rows)");
		} catch (SQLException e) {
			System.out.println("error " + e.getSQLState() + ": " + e.getMessage().split("\n")[0]);
		}
	}
}
