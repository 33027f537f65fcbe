/*
 * webui.c
 *	  The coordinator's web UI on ui_port (0 = off), served by libevent's
 *	  evhttp in the coordinator's own event loop, so every page reads the
 *	  scheduler's and the cluster manager's state without locks:
 *
 *	    /            workers, running queries and the recent ones
 *	    /query/ID    a query's stages as a DAG with their tasks
 *	    /metrics     Prometheus text exposition format (version 0.0.4)
 *
 *	  Pages are plain server-rendered HTML with no script and no external
 *	  asset; every text that came from a client (SQL, user names, error
 *	  messages) is HTML-escaped.  Anything but GET or HEAD is 405, an
 *	  unknown path 404.
 */
#include "webui.h"

#include <event2/buffer.h>
#include <event2/http.h>
#include <event2/keyvalq_struct.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "common/log.h"
#include "observe.h"

/* ---- HTML helpers ---- */

static void
esc(struct evbuffer *b, const char *s)
{
	if (s == NULL)
		return;
	for (; *s; s++)
		switch (*s) {
			case '&':
				evbuffer_add(b, "&amp;", 5);
				break;
			case '<':
				evbuffer_add(b, "&lt;", 4);
				break;
			case '>':
				evbuffer_add(b, "&gt;", 4);
				break;
			case '"':
				evbuffer_add(b, "&quot;", 6);
				break;
			case '\'':
				evbuffer_add(b, "&#39;", 5);
				break;
			default:
				evbuffer_add(b, s, 1);
				break;
		}
}

static void
td(struct evbuffer *b, const char *s)
{
	evbuffer_add_printf(b, "<td>");
	esc(b, s);
	evbuffer_add_printf(b, "</td>");
}

static void
td_int(struct evbuffer *b, int64_t v)
{
	evbuffer_add_printf(b, "<td class=n>%" PRId64 "</td>", v);
}

static void
td_secs(struct evbuffer *b, int64_t us)
{
	evbuffer_add_printf(b, "<td class=n>%.3f s</td>", (double) us / 1e6);
}

static void
td_time(struct evbuffer *b, int64_t unix_us)
{
	time_t		t = (time_t) (unix_us / 1000000);
	struct tm	tm;
	char		s[40];

	if (unix_us <= 0) {
		evbuffer_add_printf(b, "<td></td>");
		return;
	}
	gmtime_r(&t, &tm);
	strftime(s, sizeof(s), "%Y-%m-%d %H:%M:%S", &tm);
	evbuffer_add_printf(b, "<td>%s.%03d UTC</td>", s, (int) (unix_us / 1000 % 1000));
}

static void
page_head(struct evbuffer *b, const char *title)
{
	evbuffer_add_printf(b, "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>");
	esc(b, title);
	evbuffer_add_printf(b, "</title><style>"
						"body{font-family:sans-serif;margin:1em 2em}"
						"table{border-collapse:collapse;margin-bottom:1.5em}"
						"td,th{border:1px solid #bbb;padding:2px 6px;text-align:left;vertical-align:top}"
						"th{background:#eee}td.n{text-align:right}"
						"pre{margin:0;white-space:pre-wrap}"
						".dag{display:flex;gap:1.5em;align-items:center;margin-bottom:1.5em}"
						".arrow{font-size:2em;color:#468}"
						".lvl{display:flex;flex-direction:column;gap:1em}"
						".stage{border:2px solid #468;border-radius:6px;padding:6px;min-width:14em}"
						".failed{color:#b00}.finished,.succeeded{color:#070}"
						"</style></head><body>\n<p><a href=\"/\">Quarry</a></p>\n");
}

static void
page_end(struct evbuffer *b)
{
	evbuffer_add_printf(b, "</body></html>\n");
}

/* ---- / ---- */

static void
workers_table(Coordinator *co, struct evbuffer *b)
{
	int			n = cluster_worker_count(co->cluster);

	evbuffer_add_printf(b, "<h2>Workers (%d)</h2>\n<table id=workers><tr><th>id</th><th>host</th>"
						"<th>shuffle endpoint</th><th>slots</th><th>state</th>"
						"<th>running tasks</th><th>registered</th><th>last heartbeat</th></tr>\n", n);
	for (int i = 0; i < n; i++) {
		ClusterWorkerInfo w;

		if (!cluster_worker_info(co->cluster, i, &w))
			continue;
		evbuffer_add_printf(b, "<tr>");
		td(b, w.id);
		td(b, w.host);
		td(b, w.shuffle_endpoint);
		td_int(b, w.slots);
		td(b, w.draining ? "draining" : "alive");
		td_int(b, w.running_tasks);
		td_time(b, w.registered_ms * 1000);
		td_time(b, w.last_heartbeat_ms * 1000);
		evbuffer_add_printf(b, "</tr>\n");
	}
	evbuffer_add_printf(b, "</table>\n");
}

static void
query_row(struct evbuffer *b, const ObsQuery *q)
{
	int			done = 0;

	for (int i = 0; i < q->ntasks; i++)
		done += strcmp(q->tasks[i].state, "succeeded") == 0;
	evbuffer_add_printf(b, "<tr><td><a href=\"/query/%" PRIu64 "\">%" PRIu64 "</a></td>",
						q->id, q->id);
	evbuffer_add_printf(b, "<td class=\"%s\">%s</td>", q->state, q->state);
	td(b, q->sqlstate);
	td(b, q->user);
	if (q->pid != 0)
		td_int(b, q->pid);
	else
		td(b, "");
	td_time(b, q->started_us);
	td_secs(b, q->duration_us);
	td_int(b, q->rows);
	td_int(b, q->nstages);
	evbuffer_add_printf(b, "<td class=n>%d/%d</td><td><pre>", done, q->ntasks);
	esc(b, q->sql);
	evbuffer_add_printf(b, "</pre>");
	if (q->error != NULL) {
		evbuffer_add_printf(b, "<span class=failed>");
		esc(b, q->error);
		evbuffer_add_printf(b, "</span>");
	}
	evbuffer_add_printf(b, "</td></tr>\n");
}

static void
queries_head(struct evbuffer *b, const char *title, const char *id, int n)
{
	evbuffer_add_printf(b, "<h2>%s (%d)</h2>\n<table id=%s><tr><th>query</th><th>state</th>"
						"<th>sqlstate</th><th>user</th><th>pid</th><th>started</th>"
						"<th>duration</th><th>rows</th><th>stages</th><th>tasks done</th>"
						"<th>SQL</th></tr>\n", title, n, id);
}

static void
page_index(Coordinator *co, struct evbuffer *b)
{
	Arena		a;
	ObsQuery   *running;
	int			n;

	arena_init(&a);
	n = coord_observe_running(co, &a, &running);
	page_head(b, "Quarry");
	evbuffer_add_printf(b, "<h1>Quarry</h1>\n<p>%d client connection%s. "
						"<a href=\"/metrics\">/metrics</a></p>\n",
						co->nconns, co->nconns == 1 ? "" : "s");
	workers_table(co, b);
	queries_head(b, "Running queries", "running", n);
	for (int i = 0; i < n; i++)
		query_row(b, &running[i]);
	evbuffer_add_printf(b, "</table>\n");
	queries_head(b, "Recent queries", "recent", obs_history_count());
	for (int i = 0; i < obs_history_count(); i++)
		query_row(b, obs_history(i));
	evbuffer_add_printf(b, "</table>\n");
	page_end(b);
	arena_reset(&a);
}

/* ---- /query/ID ---- */

/* stage_level: the longest path from a stage that reads no other (the DAG's columns). */
static int
stage_level(const ObsQuery *q, int s, int depth)
{
	int			lvl = 0;

	if (s < 0 || s >= q->nstages || depth > q->nstages)
		return 0;
	for (int i = 0; i < q->stages[s].nparents; i++) {
		int			l = stage_level(q, q->stages[s].parents[i], depth + 1) + 1;

		if (l > lvl)
			lvl = l;
	}
	return lvl;
}

static void
stage_box(struct evbuffer *b, const ObsQuery *q, const ObsStage *st)
{
	evbuffer_add_printf(b, "<div class=stage id=stage%d><b><a href=\"#tasks%d\">Stage %d</a></b>"
						" &mdash; ", st->stage, st->stage, st->stage);
	esc(b, st->kind);
	evbuffer_add_printf(b, "<br>output: ");
	esc(b, st->partitioning);
	evbuffer_add_printf(b, "<br>reads: ");
	if (st->nparents == 0)
		evbuffer_add_printf(b, "tables");
	for (int i = 0; i < st->nparents; i++)
		evbuffer_add_printf(b, "%s<a href=\"#stage%d\">Stage %d</a>", i ? ", " : "",
							st->parents[i], st->parents[i]);
	evbuffer_add_printf(b, "<br>tasks: %d/%d done, %d failed attempts<br>rows: %" PRId64
						"<br>shuffle written: %" PRId64 " B, read: %" PRId64 " B<br>time: %.3f s</div>\n",
						st->done, st->tasks, st->failed_attempts, st->rows,
						st->shuffle_written, st->shuffle_read, (double) st->time_us / 1e6);
}

static void
stage_dag(struct evbuffer *b, const ObsQuery *q)
{
	int			maxlvl = 0;
	int		   *lvl = calloc((size_t) q->nstages + 1, sizeof(int));

	for (int s = 0; s < q->nstages; s++) {
		lvl[s] = stage_level(q, s, 0);
		if (lvl[s] > maxlvl)
			maxlvl = lvl[s];
	}
	evbuffer_add_printf(b, "<h2>Stages</h2>\n<div class=dag id=dag>\n");
	for (int l = 0; l <= maxlvl; l++) {
		if (l > 0)
			evbuffer_add_printf(b, "<div class=arrow>&rarr;</div>\n");
		evbuffer_add_printf(b, "<div class=lvl>\n");
		for (int s = 0; s < q->nstages; s++)
			if (lvl[s] == l)
				stage_box(b, q, &q->stages[s]);
		evbuffer_add_printf(b, "</div>\n");
	}
	evbuffer_add_printf(b, "</div>\n");
	free(lvl);
}

static void
stage_tasks(struct evbuffer *b, const ObsQuery *q, const ObsStage *st)
{
	evbuffer_add_printf(b, "<h3 id=tasks%d>Stage %d</h3>\n<pre>", st->stage, st->stage);
	for (int i = 0; i < st->nlines; i++) {
		esc(b, st->lines[i]);
		evbuffer_add_printf(b, "\n");
	}
	evbuffer_add_printf(b, "</pre>\n<table class=tasks><tr><th>task</th><th>attempt</th>"
						"<th>worker</th><th>state</th><th>rows</th><th>time</th></tr>\n");
	for (int i = 0; i < q->ntasks; i++) {
		const ObsTask *t = &q->tasks[i];

		if (t->stage != st->stage)
			continue;
		evbuffer_add_printf(b, "<tr>");
		td_int(b, t->task);
		td_int(b, t->attempt);
		td(b, t->worker);
		evbuffer_add_printf(b, "<td class=\"%s\">%s</td>", t->state, t->state);
		td_int(b, t->rows);
		td_secs(b, t->elapsed_us);
		evbuffer_add_printf(b, "</tr>\n");
	}
	evbuffer_add_printf(b, "</table>\n");
}

static void
page_query(const ObsQuery *q, struct evbuffer *b)
{
	char		title[64];

	snprintf(title, sizeof(title), "Quarry query %" PRIu64, q->id);
	page_head(b, title);
	evbuffer_add_printf(b, "<h1>Query %" PRIu64 "</h1>\n<table id=summary>"
						"<tr><th>state</th><td class=\"%s\">%s</td></tr>", q->id, q->state, q->state);
	evbuffer_add_printf(b, "<tr><th>user</th>");
	td(b, q->user);
	evbuffer_add_printf(b, "</tr><tr><th>pid</th>");
	td_int(b, q->pid);
	evbuffer_add_printf(b, "</tr><tr><th>started</th>");
	td_time(b, q->started_us);
	evbuffer_add_printf(b, "</tr><tr><th>ended</th>");
	td_time(b, q->ended_us);
	evbuffer_add_printf(b, "</tr><tr><th>duration</th>");
	td_secs(b, q->duration_us);
	evbuffer_add_printf(b, "</tr><tr><th>rows</th>");
	td_int(b, q->rows);
	if (q->sqlstate[0]) {
		evbuffer_add_printf(b, "</tr><tr><th>error</th><td class=failed>");
		esc(b, q->sqlstate);
		evbuffer_add_printf(b, ": ");
		esc(b, q->error);
		evbuffer_add_printf(b, "</td>");
	}
	evbuffer_add_printf(b, "</tr><tr><th>SQL</th><td><pre>");
	esc(b, q->sql);
	evbuffer_add_printf(b, "</pre></td></tr></table>\n");
	stage_dag(b, q);
	for (int s = q->nstages - 1; s >= 0; s--)
		stage_tasks(b, q, &q->stages[s]);
	page_end(b);
}

/* ---- /metrics ---- */

static void
metric(struct evbuffer *b, const char *name, const char *type, const char *help)
{
	evbuffer_add_printf(b, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, type);
}

static void
page_metrics(Coordinator *co, struct evbuffer *b)
{
	const ObsCounters *c = obs_counters();
	int			slots = 0;
	int			running = 0;

	for (int i = 0; i < cluster_worker_count(co->cluster); i++) {
		ClusterWorkerInfo w;

		if (cluster_worker_info(co->cluster, i, &w))
			slots += w.slots;
	}
	running = coord_running_count(co);
	metric(b, "quarry_up", "gauge", "1 while the coordinator serves.");
	evbuffer_add_printf(b, "quarry_up 1\n");
	metric(b, "quarry_workers", "gauge", "Registered workers.");
	evbuffer_add_printf(b, "quarry_workers %d\n", cluster_worker_count(co->cluster));
	metric(b, "quarry_worker_slots", "gauge", "Task slots of the registered workers.");
	evbuffer_add_printf(b, "quarry_worker_slots %d\n", slots);
	metric(b, "quarry_connections", "gauge", "Open client connections.");
	evbuffer_add_printf(b, "quarry_connections %d\n", co->nconns);
	metric(b, "quarry_queries_running", "gauge", "Queries with work in flight.");
	evbuffer_add_printf(b, "quarry_queries_running %d\n", running);
	metric(b, "quarry_queries_total", "counter", "Queries ended, by how they ended.");
	evbuffer_add_printf(b, "quarry_queries_total{state=\"finished\"} %" PRId64 "\n"
						"quarry_queries_total{state=\"failed\"} %" PRId64 "\n"
						"quarry_queries_total{state=\"cancelled\"} %" PRId64 "\n",
						c->queries_finished, c->queries_failed, c->queries_cancelled);
	metric(b, "quarry_tasks_total", "counter", "Task attempts ended, by how they ended.");
	evbuffer_add_printf(b, "quarry_tasks_total{state=\"succeeded\"} %" PRId64 "\n"
						"quarry_tasks_total{state=\"failed\"} %" PRId64 "\n"
						"quarry_tasks_total{state=\"lost\"} %" PRId64 "\n"
						"quarry_tasks_total{state=\"cancelled\"} %" PRId64 "\n",
						c->tasks_succeeded, c->tasks_failed, c->tasks_lost, c->tasks_cancelled);
	metric(b, "quarry_task_retries_total", "counter",
		   "Task attempts beyond the first and map outputs recomputed, of ended queries.");
	evbuffer_add_printf(b, "quarry_task_retries_total %" PRId64 "\n", c->task_retries);
	metric(b, "quarry_shuffle_bytes_written_total", "counter",
		   "Shuffle bytes map tasks wrote, of ended queries.");
	evbuffer_add_printf(b, "quarry_shuffle_bytes_written_total %" PRId64 "\n",
						c->shuffle_bytes_written);
	metric(b, "quarry_query_duration_seconds", "histogram", "Duration of ended queries.");
	for (int i = 0; i < obs_duration_nbounds; i++)
		evbuffer_add_printf(b, "quarry_query_duration_seconds_bucket{le=\"%g\"} %" PRId64 "\n",
							obs_duration_bounds[i], c->duration_buckets[i]);
	evbuffer_add_printf(b, "quarry_query_duration_seconds_bucket{le=\"+Inf\"} %" PRId64 "\n"
						"quarry_query_duration_seconds_sum %.6f\n"
						"quarry_query_duration_seconds_count %" PRId64 "\n",
						c->duration_count, c->duration_sum, c->duration_count);
}

/* ---- requests ---- */

static void
reply(struct evhttp_request *req, int code, const char *reason, const char *type,
	  struct evbuffer *body)
{
	struct evkeyvalq *h = evhttp_request_get_output_headers(req);

	evhttp_add_header(h, "Content-Type", type);
	evhttp_add_header(h, "Cache-Control", "no-store");
	evhttp_send_reply(req, code, reason, body);
}

static void
not_found(struct evhttp_request *req, struct evbuffer *b, const char *what)
{
	page_head(b, "Not found");
	evbuffer_add_printf(b, "<h1>404 Not Found</h1><p>");
	esc(b, what);
	evbuffer_add_printf(b, "</p>");
	page_end(b);
	reply(req, 404, "Not Found", "text/html; charset=utf-8", b);
}

/* query_page: /query/ID, ID a decimal query id */
static void
query_page(Coordinator *co, struct evhttp_request *req, const char *id, struct evbuffer *b)
{
	char	   *end;
	uint64_t	qid;
	Arena		a;
	const ObsQuery *q;

	if (id[0] < '0' || id[0] > '9') {
		not_found(req, b, "no such query");
		return;
	}
	qid = strtoull(id, &end, 10);
	if (*end != '\0') {
		not_found(req, b, "no such query");
		return;
	}
	arena_init(&a);
	if ((q = obs_find(co, qid, &a)) == NULL)
		not_found(req, b, "no such query (the coordinator keeps the last 100)");
	else {
		page_query(q, b);
		reply(req, 200, "OK", "text/html; charset=utf-8", b);
	}
	arena_reset(&a);
}

static void
on_request(struct evhttp_request *req, void *arg)
{
	Coordinator *co = arg;
	enum evhttp_cmd_type cmd = evhttp_request_get_command(req);
	const struct evhttp_uri *uri = evhttp_request_get_evhttp_uri(req);
	const char *path = uri != NULL ? evhttp_uri_get_path(uri) : NULL;
	struct evbuffer *b = evbuffer_new();

	if (b == NULL) {
		evhttp_send_error(req, 500, "out of memory");
		return;
	}
	if (cmd != EVHTTP_REQ_GET && cmd != EVHTTP_REQ_HEAD) {
		evhttp_add_header(evhttp_request_get_output_headers(req), "Allow", "GET, HEAD");
		evbuffer_add_printf(b, "method not allowed\n");
		reply(req, 405, "Method Not Allowed", "text/plain; charset=utf-8", b);
	} else if (path == NULL || path[0] == '\0' || strcmp(path, "/") == 0) {
		page_index(co, b);
		reply(req, 200, "OK", "text/html; charset=utf-8", b);
	} else if (strcmp(path, "/metrics") == 0) {
		page_metrics(co, b);
		reply(req, 200, "OK", "text/plain; version=0.0.4; charset=utf-8", b);
	} else if (strncmp(path, "/query/", 7) == 0)
		query_page(co, req, path + 7, b);
	else
		not_found(req, b, "no such page");
	evbuffer_free(b);
}

/* webui_start listens on ui_listen:ui_port; ui_port 0 serves nothing. */
bool
webui_start(Coordinator *co, Err *err)
{
	const char *host = co->cfg->ui_listen;

	if (co->cfg->ui_port == 0)
		return true;
	if (strcmp(host, "*") == 0)
		host = "0.0.0.0";
	else if (strcmp(host, "localhost") == 0)
		host = "127.0.0.1";
	co->ui = evhttp_new(co->base);
	if (co->ui == NULL)
		return err_set(err, ERRCODE_SYSTEM_ERROR, "could not create the web UI server");
	evhttp_set_gencb(co->ui, on_request, co);
	evhttp_set_allowed_methods(co->ui, EVHTTP_REQ_GET | EVHTTP_REQ_HEAD | EVHTTP_REQ_POST |
							   EVHTTP_REQ_PUT | EVHTTP_REQ_DELETE | EVHTTP_REQ_OPTIONS |
							   EVHTTP_REQ_PATCH | EVHTTP_REQ_TRACE | EVHTTP_REQ_CONNECT);
	evhttp_set_max_headers_size(co->ui, 64 * 1024);
	evhttp_set_max_body_size(co->ui, 64 * 1024);
	evhttp_set_timeout(co->ui, 30);
	if (evhttp_bind_socket_with_handle(co->ui, host, (ev_uint16_t) co->cfg->ui_port) == NULL) {
		evhttp_free(co->ui);
		co->ui = NULL;
		return err_set(err, ERRCODE_SYSTEM_ERROR, "could not listen for the web UI on %s:%d "
					   "(ui_listen, ui_port; ui_port = 0 turns it off)", host, co->cfg->ui_port);
	}
	log_log("web UI on http://%s:%d/ (/metrics for Prometheus)", host, co->cfg->ui_port);
	return true;
}

void
webui_stop(Coordinator *co)
{
	if (co->ui != NULL)
		evhttp_free(co->ui);
	co->ui = NULL;
}
