/*
 * log.h
 *	  Server log lines: timestamp, level, role, pid, then query and task ids
 *	  when the calling thread has them set.
 *
 *	  2026-11-24 04:20:01.123 UTC [coordinator 4242] LOG:  worker w1 registered
 */
#ifndef QUARRY_LOG_H
#define QUARRY_LOG_H

#include <stdbool.h>
#include <stdint.h>

typedef enum LogLevel {
	LOG_DEBUG,
	LOG_INFO,
	LOG_NOTICE,
	LOG_WARNING,
	LOG_LOG,
	LOG_ERROR,
	LOG_FATAL
} LogLevel;

void		log_init(const char *role, LogLevel min_level);
bool		log_level_parse(const char *s, LogLevel *out);
void		log_set_context(uint64_t query_id, const char *task_id);
void		log_msg(LogLevel level, const char *fmt,...)
			__attribute__((format(printf, 2, 3)));

#define log_debug(...)	 log_msg(LOG_DEBUG, __VA_ARGS__)
#define log_info(...)	 log_msg(LOG_INFO, __VA_ARGS__)
#define log_warning(...) log_msg(LOG_WARNING, __VA_ARGS__)
#define log_log(...)	 log_msg(LOG_LOG, __VA_ARGS__)
#define log_error(...)	 log_msg(LOG_ERROR, __VA_ARGS__)
#define log_fatal(...)	 log_msg(LOG_FATAL, __VA_ARGS__)

#endif							/* QUARRY_LOG_H */
