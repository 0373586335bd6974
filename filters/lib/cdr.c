/* cdr: the columns of the CDR streams. */
#include <stddef.h>

#include "cdr.h"

const char *const cdr_cols[] = { "cdr_id", "customer_id", "start", "service",
	"dst", "billsec", "units", "route_cost", "rule", "origin", NULL };
const char *const rated_cols[] = { "cdr_id", "customer_id", "start",
	"service", "dst", "destination", "billsec", "billed_units", "rate",
	"amount", "rule", "origin", NULL };
const char *const usage_cols[] = { "cdr_id", "customer_id", "start",
	"service", "dst", "destination", "billsec", "billed_units", "rate",
	"amount", "rule", NULL };
