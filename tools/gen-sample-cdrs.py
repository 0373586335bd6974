#!/usr/bin/env python3
"""gen-sample-cdrs: the usage inputs of samples/, deterministically.

    gen-sample-cdrs.py SAMPLES_DIR

voipzeker/: tariffs.csv, accounts.csv and cdr/Master.csv (Asterisk
cdr_csv, 18 columns, times in UTC) plus the per-account copy of one
account, as Asterisk writes it beside Master.csv.  voiceworks/: tariffs.csv
cdrs.csv (voice, SMS, data; some calls with a route cost, one CDR
delivered twice) and bundles.csv (what each plan's name includes), with
some customers using more than their bundle.  Calls run from September to December 2026, so each
monthly run of the demo bills the month before.
"""
import calendar, csv, os, random, sys
from datetime import date, datetime, timedelta, timezone

root = sys.argv[1]
rnd = random.Random(2026)

VZ_TARIFFS = [
    ("31", "voice", "Nederland vast", "0.02000", ""),
    ("316", "voice", "Nederland mobiel", "0.03500", ""),
    ("3185", "voice", "Nederland 085", "0.03000", ""),
    ("3188", "voice", "Nederland 088", "0.03000", ""),
    ("31800", "voice", "Nederland 0800 (gratis)", "0.00000", ""),
    ("31900", "voice", "Nederland 0900 (informatie)", "0.45000", "0.05000"),
    ("32", "voice", "Belgie vast", "0.04000", ""),
    ("324", "voice", "Belgie mobiel", "0.09000", ""),
    ("49", "voice", "Duitsland vast", "0.03000", ""),
    ("4915", "voice", "Duitsland mobiel", "0.09500", ""),
    ("4916", "voice", "Duitsland mobiel", "0.09500", ""),
    ("4917", "voice", "Duitsland mobiel", "0.09500", ""),
    ("44", "voice", "Verenigd Koninkrijk", "0.12340", ""),
    ("447", "voice", "Verenigd Koninkrijk mobiel", "0.15000", ""),
    ("33", "voice", "Frankrijk", "0.04500", ""),
    ("1", "voice", "Verenigde Staten en Canada", "0.02500", ""),
]
VW_TARIFFS = [
    ("31", "voice", "Nederland", "0.00000", ""),
    ("3190", "voice", "Nederland 0900 (informatie)", "0.80000", "0.10000"),
    ("32", "voice", "EU roaming en bellen naar de EU", "0.00000", ""),
    ("49", "voice", "EU roaming en bellen naar de EU", "0.00000", ""),
    ("44", "voice", "Verenigd Koninkrijk", "0.25000", ""),
    ("1", "voice", "Verenigde Staten", "0.35000", ""),
    ("90", "voice", "Turkije", "0.60000", ""),
    ("31", "sms", "SMS Nederland", "0.10000", ""),
    ("44", "sms", "SMS Verenigd Koninkrijk", "0.25000", ""),
    ("31", "data", "Data Nederland", "0.00500", ""),
    ("32", "data", "Data EU roaming", "0.00500", ""),
    ("49", "data", "Data EU roaming", "0.00500", ""),
    ("90", "data", "Data Turkije", "2.50000", ""),
    ("1", "data", "Data Verenigde Staten", "1.50000", ""),
]

# the calling codes of the EU and EEA countries: the scope of a
# home-and-EU data bundle (a data session's dst is its network's country)
EU_EEA = "30 31 32 33 34 351 352 353 354 356 357 358 359 36 370 371 372 " \
    "385 386 39 40 420 421 423 43 45 46 47 48 49"


def write(path, cols, rows):
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(cols)
        w.writerows(rows)


def number(kind):
    if kind == "mobile":
        return "06" + "".join(str(rnd.randrange(10)) for _ in range(8))
    if kind == "fixed":
        return "0" + rnd.choice(["20", "10", "30", "70", "40", "50"]) + \
            "".join(str(rnd.randrange(10)) for _ in range(7))
    if kind == "085":
        return "085" + "".join(str(rnd.randrange(10)) for _ in range(7))
    if kind == "0800":
        return "0800" + "".join(str(rnd.randrange(10)) for _ in range(4))
    if kind == "0900":
        return "0900" + "".join(str(rnd.randrange(10)) for _ in range(4))
    if kind == "be":
        return "0032" + rnd.choice(["2", "3", "9", "475", "486"]) + \
            "".join(str(rnd.randrange(10)) for _ in range(6))
    if kind == "de":
        return "0049" + rnd.choice(["30", "40", "89", "151", "170"]) + \
            "".join(str(rnd.randrange(10)) for _ in range(7))
    if kind == "uk":
        return "+44" + rnd.choice(["20", "7700"]) + \
            "".join(str(rnd.randrange(10)) for _ in range(6))
    if kind == "us":
        return "001" + "".join(str(rnd.randrange(10)) for _ in range(10))
    if kind == "tr":
        return "0090" + "".join(str(rnd.randrange(10)) for _ in range(10))
    raise ValueError(kind)


def maand_end(d, n):
    """rules.md §3: the last day of n Maanden from d"""
    y, m = divmod(d.year * 12 + d.month - 1 + n, 12)
    m += 1
    last = calendar.monthrange(y, m)[1]
    return date(y, m, last) if d.day > last else date(y, m, d.day) - timedelta(1)


def service(folder, notice_months):
    """per customer, the days their contracts are in service (rules.md
    §3-§5), so that no sample call falls outside them"""
    rows = list(csv.DictReader(open(os.path.join(folder, "contracts.csv"))))
    starts = {r["contract_id"]: date.fromisoformat(r["start_date"]) for r in rows}
    by = {}
    for r in rows:
        start = starts[r["contract_id"]]
        if r["end_reason"] == "early_cancel":
            continue
        end = date.fromisoformat(r["end_date"]) if r["end_date"] else None
        if end is None and r["notice_date"]:
            n = date.fromisoformat(r["notice_date"])
            if notice_months == 0:      # VZ 4.4: the end of the next month
                nxt = (n.replace(day=28) + timedelta(days=4)).replace(day=1)
                end = nxt.replace(day=calendar.monthrange(nxt.year, nxt.month)[1])
            else:                       # VW 2.7.3, never before the term ends
                end = maand_end(n, notice_months)
                if r["term_months"]:
                    end = max(end, maand_end(start, int(r["term_months"])))
        for x in rows:
            if x["replaces"] == r["contract_id"]:
                r_end = starts[x["contract_id"]] - timedelta(1)
                end = r_end if end is None else min(end, r_end)
        by.setdefault(r["customer_id"], []).append((start, end))
    return by


def moment(month, spans=None):
    """a working-hours moment of 2026-month, as UTC, on a day the customer
    is in service (spans), or None when they are not that month"""
    days = [d for d in range(1, 29) if spans is None or any(
        a <= date(2026, month, d) and (b is None or date(2026, month, d) <= b)
        for a, b in spans)]
    if not days:
        return None
    day = rnd.choice(days)
    local = datetime(2026, month, day, rnd.randrange(8, 18), rnd.randrange(60),
                     rnd.randrange(60))
    off = 2 if (month, day) < (10, 25) else 1     # CEST until 25 Oct 2026
    return local - timedelta(hours=off)


def voipzeker():
    d = os.path.join(root, "voipzeker")
    write(os.path.join(d, "tariffs.csv"),
          ["prefix", "service", "destination", "rate", "setup", "valid_from", "valid_to"],
          [t + ("", "") for t in VZ_TARIFFS])
    # one Asterisk account per customer with a telephony line; the PBX's
    # users dial 0 for an outside line; the carrier trunk bills nobody
    users = ["C1001", "C1002", "C1003", "C1005", "C1007", "C1008", "C1010",
             "C1012", "C1014", "C1018", "C1019", "C1020", "C1022", "C1026",
             "C1031"]
    spans = service(d, 0)
    accounts = [(f"vz-{c[1:]}", c, "0") for c in users] + [("trunk-in", "", "")]
    write(os.path.join(d, "accounts.csv"), ["accountcode", "customer_id", "strip"],
          accounts)
    rows, per_account = [], []
    seq = 0
    for month in (9, 10, 11, 12):
        for acct, cust, _ in accounts[:-1]:
            calls = 6 + rnd.randrange(10)
            if cust == "C1022" and month == 11:
                calls = 90          # a spike: on the high-usage list
            for _ in range(calls):
                start = moment(month, spans[cust])
                if start is None:
                    break
                seq += 1
                kind = rnd.choices(["mobile", "fixed", "085", "0800", "0900", "be",
                                    "de", "uk", "us"],
                                   [40, 30, 5, 3, 2, 6, 6, 4, 4])[0]
                dst = "0" + number(kind).replace("+", "00")   # with the outside-line 0
                disp = rnd.choices(["ANSWERED", "NO ANSWER", "BUSY"], [80, 15, 5])[0]
                billsec = 0 if disp != "ANSWERED" else 5 + rnd.randrange(900)
                if cust == "C1022" and month == 11:
                    kind, dst, disp, billsec = "uk", "0" + number("uk").replace("+", "00"), \
                        "ANSWERED", 1200 + rnd.randrange(2400)
                ring = rnd.randrange(3, 25)
                answer = start + timedelta(seconds=ring) if billsec else None
                end = (answer or start + timedelta(seconds=ring)) + \
                    timedelta(seconds=billsec)
                ext = 100 + users.index(cust)
                uid = f"{int(start.replace(tzinfo=timezone.utc).timestamp())}.{seq}"
                chan = f"SIP/{ext}-{seq:08x}"
                dchan = f"SIP/trunk-{seq + 1:08x}" if billsec or disp != "BUSY" else ""
                f = lambda t: t.strftime("%Y-%m-%d %H:%M:%S") if t else None
                rec = [acct, str(ext), dst, "from-internal",
                       f'"Toestel {ext}" <{ext}>', chan, dchan, "Dial",
                       f"SIP/trunk/{dst[1:]},60,tT", f(start), f(answer), f(end),
                       ring + billsec, billsec, disp, "DOCUMENTATION", uid, ""]
                rows.append(rec)
                if acct == "vz-1007":
                    per_account.append(rec)
            # an internal call and an incoming call on the trunk: free
            start = moment(month, spans[cust])
            if start is None:
                continue
            seq += 1
            rows.append([acct, "101", "102", "from-internal", '"Toestel 101" <101>',
                         f"SIP/101-{seq:08x}", f"SIP/102-{seq + 1:08x}", "Dial",
                         "SIP/102,20", start.strftime("%Y-%m-%d %H:%M:%S"),
                         (start + timedelta(seconds=4)).strftime("%Y-%m-%d %H:%M:%S"),
                         (start + timedelta(seconds=64)).strftime("%Y-%m-%d %H:%M:%S"),
                         64, 60, "ANSWERED", "DOCUMENTATION", f"{seq}.0", ""])
        seq += 1
        start = moment(month)
        rows.append(["trunk-in", "0612345678", "0201234567", "from-trunk",
                     '"" <0612345678>', f"SIP/trunk-{seq:08x}", f"SIP/100-{seq:08x}",
                     "Dial", "SIP/100,30", start.strftime("%Y-%m-%d %H:%M:%S"),
                     (start + timedelta(seconds=3)).strftime("%Y-%m-%d %H:%M:%S"),
                     (start + timedelta(seconds=183)).strftime("%Y-%m-%d %H:%M:%S"),
                     183, 180, "ANSWERED", "DOCUMENTATION", f"{seq}.1", ""])
    rows.sort(key=lambda r: r[9])
    per_account.sort(key=lambda r: r[9])
    os.makedirs(os.path.join(d, "cdr"), exist_ok=True)
    for name, rs in (("Master.csv", rows), ("vz-1007.csv", per_account)):
        with open(os.path.join(d, "cdr", name), "w", newline="", encoding="utf-8") as fh:
            for r in rs:
                out = []
                for i, v in enumerate(r):
                    if v is None:
                        out.append("")          # an unanswered call: ,, unquoted
                    elif i in (12, 13):
                        out.append(str(v))      # duration, billsec bare
                    else:
                        out.append('"' + str(v).replace('"', '""') + '"')
                fh.write(",".join(out) + "\n")


def voiceworks():
    d = os.path.join(root, "voiceworks")
    write(os.path.join(d, "tariffs.csv"),
          ["prefix", "service", "destination", "rate", "setup", "valid_from", "valid_to"],
          [t + ("", "") for t in VW_TARIFFS])
    users = ["W2001", "W2002", "W2003", "W2004", "W2005", "W2006", "W2007",
             "W2009", "W2011", "W2013", "W2016", "W2019", "W2022", "W2025",
             "W2031"]
    spans = service(d, 3)
    rows = []
    n = 0
    for month in (9, 10, 11, 12):
        for cust in users:
            for _ in range(8 + rnd.randrange(12)):
                start = moment(month, spans[cust])
                if start is None:
                    break
                n += 1
                start += timedelta(hours=(2 if (month, 1) < (10, 25) else 1))
                ts = start.strftime("%Y-%m-%dT%H:%M:%S")   # local time, no offset
                svc = rnd.choices(["voice", "sms", "data"], [70, 20, 10])[0]
                if svc == "voice":
                    kind = rnd.choices(["mobile", "fixed", "0900", "be", "de", "uk",
                                        "us", "tr"], [45, 25, 3, 8, 8, 5, 3, 3])[0]
                    dst = number(kind if kind != "0900" else "0900")
                    billsec = 0 if rnd.random() < 0.15 else 3 + rnd.randrange(1200)
                    route = f"{rnd.choice(['0.90000', '0.05000'])}" \
                        if kind == "tr" and rnd.random() < 0.5 else ""
                    rows.append([f"vw-{n:06d}", cust, ts, "", dst, "voice", billsec, "",
                                 route])
                elif svc == "sms":
                    dst = number(rnd.choice(["mobile", "mobile", "uk"]))
                    rows.append([f"vw-{n:06d}", cust, ts, "", dst, "sms", "", 1, ""])
                else:
                    # a data session's dst: the country code of the network
                    net = rnd.choices(["+31", "+32", "+49", "+90"], [80, 10, 7, 3])[0]
                    kb = rnd.randrange(1, 20000 if net == "+90" else 800000)
                    rows.append([f"vw-{n:06d}", cust, ts, "", net, "data", "",
                                 kb, ""])
    # the same CDR delivered twice: billed once
    rows.append(list(rows[5]))
    rows += beyond_bundles(spans)
    write(os.path.join(d, "cdrs.csv"),
          ["cdr_id", "customer_id", "start", "src", "dst", "service", "billsec",
           "units", "route_cost"], rows)


def bundles(folder):
    """bundles.csv: what each plan's name includes (rules.md §7): "N GB" of
    data at home and in the EU, "+ N sms" in the Netherlands, "+ N min
    VK/VS" of calls to the UK and the US"""
    import re
    out = []
    for r in csv.DictReader(open(os.path.join(folder, "contracts.csv"))):
        k, desc = r["contract_id"], r["description"]
        m = re.search(r"(\d+) GB", desc)
        if m:
            out.append([f"B-{k}-D", k, "data", int(m.group(1)) * 1000, EU_EEA,
                        f"Databundel {m.group(1)} GB NL en EU"])
        m = re.search(r"\+ (\d+) sms", desc)
        if m:
            out.append([f"B-{k}-S", k, "sms", m.group(1), "31",
                        f"{m.group(1)} sms Nederland"])
        m = re.search(r"\+ (\d+) min VK/VS", desc)
        if m:
            out.append([f"B-{k}-V", k, "voice", m.group(1), "44 1",
                        f"{m.group(1)} belminuten VK en VS"])
    write(os.path.join(folder, "bundles.csv"),
          ["bundle_id", "contract_id", "service", "units", "prefixes",
           "description"], out)


def beyond_bundles(spans):
    """the CDRs that make the bundles matter, from a generator of their own
    so that the other CDRs stay as they were: customers who use more than
    their bundle, a part month, two bundles one after the other, and a
    customer roaming outside the EU"""
    g = random.Random(12)
    rows = []

    def at(cust, month, lo=1, hi=28):
        day = g.choice([x for x in range(lo, hi + 1) if any(
            a <= date(2026, month, x) and (b is None or date(2026, month, x) <= b)
            for a, b in spans[cust])])
        return f"2026-{month:02d}-{day:02d}T{g.randrange(8, 18):02d}:" \
            f"{g.randrange(60):02d}:{g.randrange(60):02d}"

    def add(n, cust, month, dst, svc, billsec, units, lo=1, hi=28):
        for _ in range(n):
            rows.append([f"vwb-{len(rows) + 1:04d}", cust, at(cust, month, lo, hi),
                         "", dst, svc, billsec, units, ""])

    add(6, "W2005", 11, "+31", "data", "", 950000)       # 5.7 GB of 5 GB
    add(8, "W2016", 10, "+31", "data", "", 900000)       # 7.2 GB: two bundles
    add(2, "W2016", 10, "+32", "data", "", 400000)
    add(3, "W2014", 10, "+31", "data", "", 500000, 14)   # a part month
    add(3, "W2031", 11, "+1", "data", "", 20000)         # outside the EU
    add(55, "W2025", 11, "0612345678", "sms", "", 1)    # 55 of 50 sms
    add(5, "W2003", 10, "00447700900123", "voice", 1800, "")  # 150 of 120 min
    add(2, "W2003", 12, "00447700900123", "voice", 1500, "", 1, 9)
    return rows


voipzeker()
voiceworks()
bundles(os.path.join(root, "voiceworks"))
