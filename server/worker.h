/*
 * worker.h
 *	  `quarry worker`: an executor process.  Registers with the coordinator,
 *	  heartbeats, runs tasks on worker_slots threads (task_execute), and on
 *	  SIGTERM drains: running tasks finish, then it deregisters and exits.
 */
#ifndef QUARRY_WORKER_H
#define QUARRY_WORKER_H

#include "common/config.h"

int			worker_main(const Config *cfg);

#endif							/* QUARRY_WORKER_H */
