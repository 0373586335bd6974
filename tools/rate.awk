# rate.awk: the same rating as filters/rate.c, done the plain way, for the
# benchmark's comparison: a longest-prefix lookup in an awk array.
#   gawk -F, -f rate.awk tariffs.csv cdrs.csv
# Floating point and no validity dates or error checks: a yardstick only.
FNR == 1 { next }
NR == FNR { rate[$2 SUBSEP $1] = $4; dest[$2 SUBSEP $1] = $3; setup[$2 SUBSEP $1] = $5 + 0; next }
{
	dst = $5; svc = $6 == "" ? "voice" : $6
	if (substr(dst, 1, 1) == "+") num = substr(dst, 2)
	else if (substr(dst, 1, 2) == "00") num = substr(dst, 3)
	else if (substr(dst, 1, 1) == "0") num = "31" substr(dst, 2)
	else { print $1, $2, $3, svc, dst, "", $7, 0, 0, 0, "internal"; next }
	if (svc == "voice" && $7 == 0) { print $1, $2, $3, svc, dst, "", 0, 0, 0, 0, "unanswered"; next }
	for (l = length(num); l > 0; l--) {
		k = svc SUBSEP substr(num, 1, l)
		if (k in rate) break
	}
	if (l == 0) { print "no tariff: " FNR > "/dev/stderr"; exit 1 }
	r = rate[k]; rule = "VZ 7.3"
	if (svc == "voice") {
		u = int(($7 + 59) / 60)
		if ($9 != "" && $9 > r) { r = $9; rule = "VZ 7.4" }
		a = u * r + setup[k]
	} else if (svc == "sms") { u = $8; a = u * r }
	else { u = int(($8 + 999) / 1000); a = u * r }
	printf "%s,%s,%s,%s,%s,%s,%s,%d,%s,%.5f,%s\n", $1, $2, $3, svc, dst, dest[k], $7, u, r, a, rule
}
