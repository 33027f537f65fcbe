/*
 * local.h
 *	  `quarry local`: a coordinator plus `workers` worker processes on this
 *	  machine, supervised: a worker that dies is restarted; SIGINT or SIGTERM
 *	  stops them all cleanly.  Generates the CurveZMQ keys into the data
 *	  directory when they are absent.
 */
#ifndef QUARRY_LOCAL_H
#define QUARRY_LOCAL_H

#include "common/config.h"

int			local_main(const Config *cfg, int argc, char **argv);

#endif							/* QUARRY_LOCAL_H */
