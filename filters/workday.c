/*
 * workday: is a day a Dutch working day (Werkdag, VW 1.1: not a Saturday,
 * Sunday or public holiday of legal.md), or the first of its month?  For
 * cron, which cannot say "the first working day of the month" itself
 * (README: an example crontab).
 *
 *     workday [-f] YYYY-MM-DD
 *
 * Exit 0 when it is (-f: it is the first working day of its month), 1
 * when not, 2 on bad usage; prints nothing, so that cron mails nothing.
 */
#include <stdio.h>
#include <unistd.h>

#include "date.h"
#include "util.h"

static const char synopsis[] = "[-f] YYYY-MM-DD";
static const char options[] =
    "  -f            the first working day of its month, rather than any\n"
    "  YYYY-MM-DD    the day (cron: $(date +\\%F))\n";

int
main(int argc, char *argv[])
{
	int ch, first = 0;
	int32_t d;

	prog_init(argc, argv, synopsis, options);
	while ((ch = opt(argc, argv, "f")) != -1) {
		switch (ch) {
		case 'f':
			first = 1;
			break;
		default:
			usage(stderr, 2);
		}
	}
	if (optind != argc - 1)
		usage(stderr, 2);
	d = date_opt(argv[optind]);
	if (first)
		return next_working_day(period_first(period_of(d))) == d ? 0 : 1;
	return next_working_day(d) == d ? 0 : 1;
}
