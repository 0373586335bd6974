/*
 * idcheck: a test driver of the identifier checks of filters/lib/iban.h,
 * for the differential test tests/id-diff.js.  Reads lines
 *
 *	iban VALUE
 *	creditor VALUE
 *
 * on stdin (VALUE is the rest of the line after the first space, kept as
 * it is, spaces included; it may be empty) and prints one line per input
 * line: 1 when iban_check (which removes spaces) or creditor_id_valid
 * finds VALUE valid, 0 when not.  A line of another kind is a usage error
 * (exit 2); a failed write exits 1.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

#include "iban.h"

int
main(void)
{
	char *line = NULL, *v;
	char norm[40];	/* the size customer.c and terms.c pass */
	size_t cap = 0;
	ssize_t len;
	unsigned long no = 0;
	int ok, status = 0;

	while ((len = getline(&line, &cap, stdin)) != -1) {
		no++;
		if (len > 0 && line[len - 1] == '\n')
			line[--len] = '\0';
		if ((size_t)len != strlen(line)) {
			fprintf(stderr, "idcheck: line %lu: a NUL byte\n", no);
			status = 2;
			break;
		}
		if (strncmp(line, "iban ", 5) == 0) {
			v = line + 5;
			ok = iban_check(v, norm, sizeof(norm)) == NULL;
		} else if (strncmp(line, "creditor ", 9) == 0) {
			v = line + 9;
			ok = creditor_id_valid(v);
		} else {
			fprintf(stderr, "idcheck: line %lu: expected 'iban VALUE' "
			    "or 'creditor VALUE'\n", no);
			status = 2;
			break;
		}
		putchar(ok ? '1' : '0');
		putchar('\n');
	}
	free(line);
	if (status == 0 && ferror(stdin)) {
		perror("idcheck: stdin");
		status = 1;
	}
	if (fflush(stdout) != 0 || ferror(stdout)) {
		perror("idcheck: stdout");
		if (status == 0)
			status = 1;
	}
	return status;
}
