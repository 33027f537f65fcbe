/*
 * err.c
 *	  Filling in Err values.  See err.h.
 */
#include "common/err.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* err_clear resets err to "no error": SQLSTATE XX000, empty message. */
void
err_clear(Err *err)
{
	memset(err, 0, sizeof(*err));
	strcpy(err->sqlstate, ERRCODE_INTERNAL_ERROR);
	err->severity = 'E';
}

/*
 * err_raise records the first error raised (later raises keep the first) and
 * returns false, so `return err_set(...)` reads naturally.
 */
bool
err_raise(Err *err, const char *file, int line, const char *sqlstate,
		  const char *fmt,...)
{
	va_list		ap;

	if (err == NULL || err->message[0] != '\0')
		return false;
	snprintf(err->sqlstate, sizeof(err->sqlstate), "%s", sqlstate);
	if (err->severity == 0)
		err->severity = 'E';
	err->file = file;
	err->line = line;
	va_start(ap, fmt);
	vsnprintf(err->message, sizeof(err->message), fmt, ap);
	va_end(ap);
	return false;
}

/* err_detail sets the DETAIL field. */
void
err_detail(Err *err, const char *fmt,...)
{
	va_list		ap;

	va_start(ap, fmt);
	vsnprintf(err->detail, sizeof(err->detail), fmt, ap);
	va_end(ap);
}

/* err_hint sets the HINT field. */
void
err_hint(Err *err, const char *fmt,...)
{
	va_list		ap;

	va_start(ap, fmt);
	vsnprintf(err->hint, sizeof(err->hint), fmt, ap);
	va_end(ap);
}

/* err_is_set reports whether an error has been raised into err. */
bool
err_is_set(const Err *err)
{
	return err->message[0] != '\0';
}
