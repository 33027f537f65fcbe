/*
 * log.c
 *	  One line per message on stderr, written with a single write(2) so lines
 *	  from several threads and processes do not interleave.
 */
#include "common/log.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

static char log_role[32] = "quarry";
static LogLevel log_min = LOG_INFO;
static _Thread_local uint64_t log_query_id;
static _Thread_local char log_task_id[48];

static const char *const level_names[] = {
	"DEBUG", "INFO", "NOTICE", "WARNING", "LOG", "ERROR", "FATAL"
};

/* log_init names this process's role and the least level written. */
void
log_init(const char *role, LogLevel min_level)
{
	snprintf(log_role, sizeof(log_role), "%s", role);
	log_min = min_level;
}

/* log_level_parse reads a level name such as "info" or "debug". */
bool
log_level_parse(const char *s, LogLevel *out)
{
	for (int i = 0; i <= LOG_FATAL; i++) {
		if (strcasecmp(s, level_names[i]) == 0) {
			*out = (LogLevel) i;
			return true;
		}
	}
	return false;
}

/* log_set_context tags this thread's lines with a query and task id (0/NULL: none). */
void
log_set_context(uint64_t query_id, const char *task_id)
{
	log_query_id = query_id;
	snprintf(log_task_id, sizeof(log_task_id), "%s", task_id ? task_id : "");
}

void
log_msg(LogLevel level, const char *fmt,...)
{
	char		line[2048];
	char		ts[32];
	struct timeval tv;
	struct tm	tm;
	int			n;
	va_list		ap;

	if (level < log_min)
		return;
	gettimeofday(&tv, NULL);
	gmtime_r(&tv.tv_sec, &tm);
	strftime(ts, sizeof(ts), "%Y-%m-%d %H:%M:%S", &tm);
	n = snprintf(line, sizeof(line), "%s.%03d UTC [%s %d] ", ts,
				 (int) (tv.tv_usec / 1000), log_role, (int) getpid());
	if (log_query_id != 0)
		n += snprintf(line + n, sizeof(line) - n, "query=%llu ",
					  (unsigned long long) log_query_id);
	if (log_task_id[0] != '\0')
		n += snprintf(line + n, sizeof(line) - n, "task=%s ", log_task_id);
	n += snprintf(line + n, sizeof(line) - n, "%s:  ", level_names[level]);
	va_start(ap, fmt);
	n += vsnprintf(line + n, sizeof(line) - n, fmt, ap);
	va_end(ap);
	if (n > (int) sizeof(line) - 2)
		n = sizeof(line) - 2;
	line[n++] = '\n';
	if (write(STDERR_FILENO, line, n) < 0) {
		/* nowhere left to report it */
	}
}
