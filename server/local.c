/*
 * local.c
 *	  `quarry local`: a coordinator and `workers` worker processes on this
 *	  machine under one supervisor.  See local.h.
 *
 *	  The supervisor fork/execs /proc/self/exe for each child, passing on
 *	  the caller's --key=value overrides; workers also get --worker_id,
 *	  --coordinator and, unless worker_slots is set, a share of the cores.
 *	  It then waits on a signalfd for SIGCHLD, SIGINT and SIGTERM:
 *
 *	  - a child that dies is restarted, at once the first time and with a
 *		growing delay while it keeps dying within QUICK_DEATH_MS of its
 *		start; after MAX_QUICK_DEATHS such deaths a worker is left dead, and
 *		the coordinator's end ends the cluster (so does a coordinator that
 *		fails to start at all: a bad setting or a busy port).
 *	  - SIGINT or SIGTERM stops the cluster: workers get SIGTERM and drain,
 *		then the coordinator gets SIGTERM; whatever still runs after
 *		STOP_TIMEOUT_MS gets SIGKILL.  A second signal kills at once.
 *
 *	  The children die with the supervisor (PR_SET_PDEATHSIG).  Once the
 *	  coordinator accepts connections on `port`, a ready line goes to
 *	  stderr.  DATA_DIR/local.pid holds the supervisor's pid while it runs.
 */
#include "local.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "common/log.h"
#include "keys.h"
#include "zmsg.h"

#define QUICK_DEATH_MS		10000	/* a child dying sooner is failing */
#define MAX_QUICK_DEATHS	6
#define MAX_BACKOFF_MS		8000
#define STOP_TIMEOUT_MS		10000
#define WORKER_STOP_MS		8000	/* then the coordinator gets SIGTERM too */
#define READY_POLL_MS		100
#define MAX_EXTRA_ARGS		3		/* --worker_id, --coordinator, --worker_slots */

typedef struct Child {
	char		name[32];		/* "coordinator" or "worker-K" */
	bool		is_coordinator;
	pid_t		pid;			/* 0: not running */
	int64_t		started;		/* monotonic ms */
	int			quick_deaths;	/* deaths within QUICK_DEATH_MS, in a row */
	int64_t		restart_at;		/* 0: no restart pending */
	bool		given_up;
	bool		term_sent;		/* SIGTERM sent while stopping */
} Child;

typedef struct Local {
	const Config *cfg;
	int			argc;			/* argv[0] is "local"; then the overrides */
	char	  **argv;
	Child	   *children;		/* [0] is the coordinator */
	int			nchildren;
	char		coordinator_arg[320];
	char		slots_arg[64];
	char		ready_host[256];
	int			sigfd;
	bool		ready;
	bool		stopping;
	int64_t		stop_started;
	int			exit_code;
	char		pidfile[1100];
} Local;

static int
ncores(void)
{
	long		n = sysconf(_SC_NPROCESSORS_ONLN);

	return n > 0 ? (int) n : 1;
}

/*
 * pick_host chooses where workers and the ready check reach the
 * coordinator: the first of listen_addresses, or loopback for a wildcard.
 */
static void
pick_host(Local *l)
{
	char		list[sizeof(l->cfg->listen_addresses)];
	char	   *save = NULL;
	char	   *first;
	bool		v6;

	snprintf(list, sizeof(list), "%s", l->cfg->listen_addresses);
	first = strtok_r(list, ", \t", &save);
	if (first == NULL || strcmp(first, "*") == 0 || strcmp(first, "0.0.0.0") == 0)
		first = "127.0.0.1";
	else if (strcmp(first, "::") == 0)
		first = "::1";
	v6 = strchr(first, ':') != NULL;
	snprintf(l->ready_host, sizeof(l->ready_host), "%s", first);
	snprintf(l->coordinator_arg, sizeof(l->coordinator_arg),
			 v6 ? "--coordinator=tcp://[%s]:%d" : "--coordinator=tcp://%s:%d",
			 first, l->cfg->cluster_port);
}

/* make_dirs creates path and its missing parents. */
static bool
make_dirs(const char *path)
{
	char		buf[1024];

	if ((size_t) snprintf(buf, sizeof(buf), "%s", path) >= sizeof(buf)) {
		errno = ENAMETOOLONG;
		return false;
	}
	for (char *p = buf + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(buf, 0755) != 0 && errno != EEXIST)
			return false;
		*p = '/';
	}
	return mkdir(buf, 0700) == 0 || errno == EEXIST;
}

/* write_pidfile claims DATA_DIR/local.pid, refusing a live owner. */
static bool
write_pidfile(Local *l)
{
	FILE	   *f;
	int			other = 0;

	snprintf(l->pidfile, sizeof(l->pidfile), "%s/local.pid", l->cfg->data_dir);
	if ((f = fopen(l->pidfile, "r")) != NULL) {
		if (fscanf(f, "%d", &other) != 1)
			other = 0;
		fclose(f);
		if (other > 0 && other != getpid() && kill(other, 0) == 0) {
			log_fatal("another quarry local (pid %d) is running on data directory %s",
					  other, l->cfg->data_dir);
			l->pidfile[0] = '\0';
			return false;
		}
	}
	if ((f = fopen(l->pidfile, "w")) == NULL) {
		log_fatal("could not write \"%s\": %s", l->pidfile, strerror(errno));
		l->pidfile[0] = '\0';
		return false;
	}
	fprintf(f, "%d\n", (int) getpid());
	fclose(f);
	return true;
}

/* prepare creates the data directory, the keys and the pid file. */
static bool
prepare(Local *l)
{
	char		dir[1100];
	bool		created = false;
	Err			err;

	err_clear(&err);
	if (!make_dirs(l->cfg->data_dir)) {
		log_fatal("could not create data directory \"%s\": %s",
				  l->cfg->data_dir, strerror(errno));
		return false;
	}
	if (l->cfg->cluster_curve) {
		keys_dir(l->cfg, dir, sizeof(dir));
		if (!keys_ensure(dir, &created, &err)) {
			log_fatal("%s", err.message);
			if (err.hint[0] != '\0')
				log_fatal("HINT:  %s", err.hint);
			return false;
		}
		if (created)
			log_log("created CurveZMQ keys in %s", dir);
	}
	return write_pidfile(l);
}

/* child_args builds the argv of a child: the role, the overrides, extras. */
static char **
child_args(Local *l, const Child *c, char *id_arg, size_t id_size)
{
	/* "quarry", the role, the overrides (argv[1..]), the extras, NULL */
	char	  **args = calloc(2 + l->argc + MAX_EXTRA_ARGS, sizeof(char *));
	int			n = 0;

	if (args == NULL)
		return NULL;
	args[n++] = "quarry";
	args[n++] = c->is_coordinator ? "coordinator" : "worker";
	for (int i = 1; i < l->argc; i++)
		args[n++] = l->argv[i];
	if (!c->is_coordinator) {
		snprintf(id_arg, id_size, "--worker_id=%s", c->name);
		args[n++] = id_arg;
		args[n++] = l->coordinator_arg;
		if (l->slots_arg[0] != '\0')
			args[n++] = l->slots_arg;
	}
	args[n] = NULL;
	return args;
}

/* exec_child runs in the forked child: default signals, then exec. */
static void
exec_child(char **args, pid_t parent)
{
	sigset_t	none;

	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	signal(SIGPIPE, SIG_DFL);
	prctl(PR_SET_PDEATHSIG, SIGTERM);
	if (getppid() != parent)
		_exit(1);				/* the supervisor died before prctl */
	execv("/proc/self/exe", args);
	fprintf(stderr, "quarry local: could not run /proc/self/exe: %s\n",
			strerror(errno));
	_exit(127);
}

static void
spawn(Local *l, Child *c)
{
	char		id_arg[80];
	char	  **args = child_args(l, c, id_arg, sizeof(id_arg));
	pid_t		parent = getpid();
	pid_t		pid;

	c->restart_at = 0;
	if (args == NULL || (pid = fork()) < 0) {
		log_error("could not start %s: %s", c->name, strerror(errno));
		c->restart_at = zmsg_now_ms() + MAX_BACKOFF_MS;
		free(args);
		return;
	}
	if (pid == 0)
		exec_child(args, parent);
	free(args);
	c->pid = pid;
	c->started = zmsg_now_ms();
	log_log("started %s (pid %d)", c->name, (int) pid);
}

static void
describe_status(int status, char *out, size_t size)
{
	if (WIFSIGNALED(status))
		snprintf(out, size, "signal %d", WTERMSIG(status));
	else
		snprintf(out, size, "status %d", WEXITSTATUS(status));
}

/* backoff_ms is the delay before restarting a child after n quick deaths. */
static int64_t
backoff_ms(int n)
{
	int64_t		ms = 250;

	if (n <= 1)
		return 0;
	for (int i = 2; i < n && ms < MAX_BACKOFF_MS; i++)
		ms *= 2;
	return ms < MAX_BACKOFF_MS ? ms : MAX_BACKOFF_MS;
}

static void start_stop(Local *l, int exit_code);

/*
 * on_child_exit decides what follows a child's death: a restart (perhaps
 * delayed), leaving a failing worker dead, or the end of the cluster.
 */
static void
on_child_exit(Local *l, Child *c, int status)
{
	int64_t		now = zmsg_now_ms();
	char		how[32];

	describe_status(status, how, sizeof(how));
	c->pid = 0;
	if (l->stopping) {
		log_log("%s exited (%s)", c->name, how);
		return;
	}
	c->quick_deaths = now - c->started < QUICK_DEATH_MS ? c->quick_deaths + 1 : 1;
	if (c->is_coordinator && !l->ready && c->quick_deaths == 1 &&
		WIFEXITED(status) && WEXITSTATUS(status) != 0) {
		log_fatal("coordinator exited (%s) before accepting connections; stopping",
				  how);
		start_stop(l, 1);
		return;
	}
	if (c->quick_deaths > MAX_QUICK_DEATHS) {
		log_error("%s exited (%s) %d times in a row; not restarting it",
				  c->name, how, c->quick_deaths);
		c->given_up = true;
		if (c->is_coordinator)
			start_stop(l, 1);
		return;
	}
	log_log("%s exited (%s); restarting", c->name, how);
	c->restart_at = now + backoff_ms(c->quick_deaths);
}

static Child *
find_child(Local *l, pid_t pid)
{
	for (int i = 0; i < l->nchildren; i++)
		if (l->children[i].pid == pid)
			return &l->children[i];
	return NULL;
}

static void
reap(Local *l)
{
	pid_t		pid;
	int			status;

	while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
		Child	   *c = find_child(l, pid);

		if (c != NULL)
			on_child_exit(l, c, status);
	}
}

static void
signal_children(Local *l, bool workers, bool coordinator, int sig)
{
	for (int i = 0; i < l->nchildren; i++) {
		Child	   *c = &l->children[i];

		if (c->pid > 0 && (c->is_coordinator ? coordinator : workers))
			kill(c->pid, sig);
	}
}

static int
running_children(const Local *l, bool workers_only)
{
	int			n = 0;

	for (int i = 0; i < l->nchildren; i++)
		if (l->children[i].pid > 0 && !(workers_only && l->children[i].is_coordinator))
			n++;
	return n;
}

/* start_stop begins the shutdown: the workers drain first. */
static void
start_stop(Local *l, int exit_code)
{
	if (l->stopping) {
		log_log("stopping now");
		signal_children(l, true, true, SIGKILL);
		return;
	}
	log_log("stopping the local cluster");
	l->stopping = true;
	l->stop_started = zmsg_now_ms();
	l->exit_code = exit_code;
	for (int i = 0; i < l->nchildren; i++)
		l->children[i].restart_at = 0;
	signal_children(l, true, false, SIGTERM);
}

/* advance_stop signals the coordinator once the workers are gone, then kills. */
static void
advance_stop(Local *l)
{
	int64_t		elapsed = zmsg_now_ms() - l->stop_started;
	Child	   *coord = &l->children[0];

	if (coord->pid > 0 && !coord->term_sent &&
		(running_children(l, true) == 0 || elapsed >= WORKER_STOP_MS)) {
		kill(coord->pid, SIGTERM);
		coord->term_sent = true;
	}
	if (elapsed >= STOP_TIMEOUT_MS && running_children(l, false) > 0) {
		log_warning("children still running after %d s; killing them",
					STOP_TIMEOUT_MS / 1000);
		signal_children(l, true, true, SIGKILL);
	}
}

static void
on_signals(Local *l)
{
	struct signalfd_siginfo si;

	while (read(l->sigfd, &si, sizeof(si)) == (ssize_t) sizeof(si)) {
		if (si.ssi_signo == SIGCHLD)
			reap(l);
		else
			start_stop(l, 0);
	}
}

/* coordinator_accepts reports whether the coordinator's port takes connections. */
static bool
coordinator_accepts(const Local *l)
{
	struct addrinfo hints = {0};
	struct addrinfo *res;
	char		port[16];
	bool		ok = false;

	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_NUMERICSERV;
	snprintf(port, sizeof(port), "%d", l->cfg->port);
	if (getaddrinfo(l->ready_host, port, &hints, &res) != 0)
		return false;
	for (struct addrinfo *ai = res; ai != NULL && !ok; ai = ai->ai_next) {
		int			fd = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC, 0);

		if (fd < 0)
			continue;
		ok = connect(fd, ai->ai_addr, ai->ai_addrlen) == 0;
		close(fd);
	}
	freeaddrinfo(res);
	return ok;
}

/* tick restarts children whose delay has passed and checks readiness. */
static void
tick(Local *l)
{
	int64_t		now = zmsg_now_ms();

	if (l->stopping) {
		advance_stop(l);
		return;
	}
	for (int i = 0; i < l->nchildren; i++) {
		Child	   *c = &l->children[i];

		if (c->pid == 0 && !c->given_up && c->restart_at != 0 && now >= c->restart_at)
			spawn(l, c);
	}
	if (!l->ready && l->children[0].pid > 0 && coordinator_accepts(l)) {
		l->ready = true;
		fprintf(stderr, "quarry local: coordinator on port %d, %d workers\n",
				l->cfg->port, l->nchildren - 1);
	}
}

static bool
take_signals(Local *l)
{
	sigset_t	mask;

	sigemptyset(&mask);
	sigaddset(&mask, SIGCHLD);
	sigaddset(&mask, SIGINT);
	sigaddset(&mask, SIGTERM);
	if (sigprocmask(SIG_BLOCK, &mask, NULL) != 0 ||
		(l->sigfd = signalfd(-1, &mask, SFD_NONBLOCK | SFD_CLOEXEC)) < 0) {
		log_fatal("could not set up signals: %s", strerror(errno));
		return false;
	}
	return true;
}

static bool
make_children(Local *l)
{
	int			nworkers = l->cfg->workers > 0 ? l->cfg->workers : ncores();

	l->nchildren = nworkers + 1;
	if ((l->children = calloc(l->nchildren, sizeof(Child))) == NULL) {
		log_fatal("out of memory");
		return false;
	}
	snprintf(l->children[0].name, sizeof(l->children[0].name), "coordinator");
	l->children[0].is_coordinator = true;
	for (int i = 1; i < l->nchildren; i++)
		snprintf(l->children[i].name, sizeof(l->children[i].name), "worker-%d", i);
	if (l->cfg->worker_slots == 0)
		snprintf(l->slots_arg, sizeof(l->slots_arg), "--worker_slots=%d",
				 ncores() / nworkers > 0 ? ncores() / nworkers : 1);
	return true;
}

/* supervise runs until every child is gone after a stop. */
static void
supervise(Local *l)
{
	struct pollfd pfd = {l->sigfd, POLLIN, 0};

	for (int i = 0; i < l->nchildren; i++)
		spawn(l, &l->children[i]);
	while (!l->stopping || running_children(l, false) > 0) {
		if (poll(&pfd, 1, READY_POLL_MS) > 0)
			on_signals(l);
		tick(l);
	}
}

/* local_main runs `quarry local`; argv[1..] are passed on to the children. */
int
local_main(const Config *cfg, int argc, char **argv)
{
	Local		l;

	memset(&l, 0, sizeof(l));
	l.cfg = cfg;
	l.argc = argc;
	l.argv = argv;
	l.sigfd = -1;
	if (!prepare(&l) || !make_children(&l) || !take_signals(&l)) {
		if (l.pidfile[0] != '\0')
			unlink(l.pidfile);
		free(l.children);
		return 1;
	}
	pick_host(&l);
	supervise(&l);
	log_log("local cluster stopped");
	unlink(l.pidfile);
	close(l.sigfd);
	free(l.children);
	return l.exit_code;
}
