/*
 * webui.h
 *	  The coordinator's web UI and /metrics on ui_port (webui.c).
 */
#ifndef QUARRY_WEBUI_H
#define QUARRY_WEBUI_H

#include <stdbool.h>

#include "common/err.h"
#include "coordinator.h"

bool		webui_start(Coordinator *co, Err *err) MUST_CHECK;
void		webui_stop(Coordinator *co);

#endif							/* QUARRY_WEBUI_H */
