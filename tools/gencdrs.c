/*
 * gencdrs: a synthetic month of CDRs and a tariff table for the
 * benchmarks, deterministic (a fixed LCG).
 *
 *   gencdrs -t NPREFIX > tariffs.csv
 *   gencdrs -c NCDR -n NCUSTOMER -p YYYY-MM > cdrs.csv
 *
 * The number mix: 55 % Dutch mobile, 25 % Dutch fixed, 5 % 085/088/0900,
 * 10 % international, 5 % internal extensions; 20 % unanswered; 8 % SMS,
 * 3 % data; some calls carry a route cost.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static uint64_t seed = 0x2545F4914F6CDD1DULL;

static uint32_t
rnd(uint32_t n)
{
	seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
	return (uint32_t)((seed >> 33) % n);
}

static const char *const countries[] = { "32", "33", "34", "39", "41", "43",
	"44", "45", "46", "47", "48", "49", "1", "7", "20", "27", "30", "351",
	"352", "353", "354", "355", "356", "357", "358", "359", "36", "370",
	"371", "372", "380", "381", "385", "386", "387", "40", "420", "421",
	"52", "54", "55", "56", "57", "60", "61", "62", "63", "64", "65", "66",
	"81", "82", "84", "86", "90", "91", "92", "212", "213", "216", "234" };

static void
tariffs(int n)
{
	int i, k, len;
	char p[20];

	printf("prefix,service,destination,rate,setup\n");
	printf("31,voice,Nederland vast,0.02000,\n");
	printf("316,voice,Nederland mobiel,0.03500,\n");
	printf("3185,voice,Nederland 085,0.03000,\n");
	printf("3188,voice,Nederland 088,0.03000,\n");
	printf("31900,voice,Nederland 0900,0.45000,0.05000\n");
	printf("31,sms,SMS Nederland,0.08000,\n");
	printf("31,data,Data Nederland,0.01000,\n");
	for (i = 0; i < (int)(sizeof(countries) / sizeof(*countries)); i++) {
		printf("%s,voice,Land %s,0.%05u,\n", countries[i], countries[i],
		    10000 + rnd(40000));
		printf("%s,sms,SMS land %s,0.15000,\n", countries[i],
		    countries[i]);
	}
	/* the rest: sub-prefixes, as carriers' tables split mobile ranges */
	for (i = 7 + 2 * (int)(sizeof(countries) / sizeof(*countries)); i < n;
	    i++) {
		const char *cc = countries[rnd(sizeof(countries) /
		    sizeof(*countries))];

		len = 2 + (int)rnd(5);
		strcpy(p, cc);
		for (k = 0; k < len; k++)
			p[strlen(cc) + k] = (char)('0' + rnd(10));
		p[strlen(cc) + len] = '\0';
		printf("%s,voice,Land %s mobiel %d,0.%05u,\n", p, cc, i,
		    10000 + rnd(60000));
	}
}

static void
cdrs(long n, int ncust, int ym)
{
	long i;
	uint32_t r, b;
	int y = ym / 100, m = ym % 100, d, hh, mm, ss, k;
	char dst[32];

	printf("cdr_id,customer_id,start,src,dst,service,billsec,units,"
	    "route_cost\n");
	for (i = 0; i < n; i++) {
		d = 1 + (int)rnd(28);
		hh = (int)rnd(24);
		mm = (int)rnd(60);
		ss = (int)rnd(60);
		r = rnd(100);
		if (r < 55) {
			snprintf(dst, sizeof(dst), "06%08u", rnd(100000000));
		} else if (r < 80) {
			snprintf(dst, sizeof(dst), "0%d%07u", 10 + (int)rnd(70),
			    rnd(10000000));
		} else if (r < 85) {
			snprintf(dst, sizeof(dst), "%s%06u", rnd(2) ? "085" :
			    "0900", rnd(1000000));
		} else if (r < 95) {
			k = (int)rnd(sizeof(countries) / sizeof(*countries));
			snprintf(dst, sizeof(dst), "00%s%08u", countries[k],
			    rnd(100000000));
		} else {
			snprintf(dst, sizeof(dst), "%u", 100 + rnd(900));
		}
		printf("c%010ld,C%06u,%04d-%02d-%02dT%02d:%02d:%02d,0301234567,"
		    "%s,", i, rnd((uint32_t)ncust), y, m, d, hh, mm, ss, dst);
		r = rnd(100);
		if (r < 8 && dst[0] == '0') {
			printf("sms,,1,\n");
		} else if (r < 11 && dst[0] == '0' && dst[1] != '0') {
			printf("data,,%u,\n", rnd(500000));
		} else {
			b = rnd(100) < 20 ? 0 : 1 + rnd(240) + rnd(240);
			if (rnd(100) < 3)
				printf("voice,%u,,0.%05u\n", b, rnd(90000));
			else
				printf("voice,%u,,\n", b);
		}
	}
}

int
main(int argc, char *argv[])
{
	int ch, ncust = 10000, ym = 202611;
	long n = 0, t = 0;

	while ((ch = getopt(argc, argv, "t:c:n:p:")) != -1) {
		switch (ch) {
		case 't':
			t = atol(optarg);
			break;
		case 'c':
			n = atol(optarg);
			break;
		case 'n':
			ncust = atoi(optarg);
			break;
		case 'p':
			ym = atoi(optarg) * 100 + atoi(optarg + 5);
			break;
		default:
			return 2;
		}
	}
	if (t > 0)
		tariffs((int)t);
	else
		cdrs(n, ncust, ym);
	return fflush(stdout) != 0;
}
