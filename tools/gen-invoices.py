#!/usr/bin/env python3
"""gen-invoices: a run's invoices for the PDF benchmark, and the same as HTML.

    gen-invoices.py N KIND OUTDIR [HTMLDIR M]

Writes OUTDIR/invoices.csv, lines.csv, usage.csv (formats.md) and
OUTDIR/customers.csv for N invoices of KIND: "one" (three lines: a page)
or "three" (30 lines and 200 calls over 20 destinations: two pages of
lines and a page of usage specification).  Every fourth customer pays its
first invoice by transfer (the QR code), the others by direct debit.
With HTMLDIR, the first M invoices also as HTML pages that show the same
(header, address, meta data, the lines with their articles, the totals,
the payment text, the specification), for weasyprint.  Deterministic.
"""
import html, os, random, sys

n, kind, out = int(sys.argv[1]), sys.argv[2], sys.argv[3]
htmldir = sys.argv[4] if len(sys.argv) > 4 else None
nhtml = int(sys.argv[5]) if len(sys.argv) > 5 else 0
rnd = random.Random(13)
os.makedirs(out, exist_ok=True)
nlines = 3 if kind == "one" else 30
ncalls = 0 if kind == "one" else 200
dests = [("Nederland vast", "31", 2000), ("Nederland mobiel", "316", 3500),
         ("Belgie", "32", 4000), ("Duitsland", "49", 4500), ("Frankrijk", "33", 5000)]
dests = [(f"{d} {k}", p, r) for k in range(4) for d, p, r in dests]


def money(c):
    s = "-" if c < 0 else ""
    c = abs(c)
    return f"{s}{c // 100}.{c % 100:02d}"


def micro(u):
    return f"{u // 100000}.{u % 100000:05d}"


def vat21(net):
    v = abs(net) * 21
    q, r = divmod(v, 100)
    q += 1 if r >= 50 else 0
    return q if net >= 0 else -q


cust = open(f"{out}/customers.csv", "w")
cust.write("customer_id,name,street,postcode,city,iban,mandate_id,mandate_date,"
           "payment_method,language,kvk\n")
inv = open(f"{out}/invoices.csv", "w")
inv.write("invoice_no,customer_id,invoice_date,due_date,period,net,vat,gross,"
          "payment_method,collection_date,first_invoice,pdf,payment_reference\n")
lin = open(f"{out}/lines.csv", "w")
lin.write("invoice_no,customer_id,line_no,kind,ref,description,from,to,quantity,unit,"
          "unit_price,net,vat_rate,rule,vat_category\n")
use = open(f"{out}/usage.csv", "w")
use.write("cdr_id,customer_id,start,service,dst,destination,billsec,billed_units,rate,"
          "amount,rule,covered_units\n")
if htmldir:
    os.makedirs(htmldir, exist_ok=True)


def rf(no):
    body = "".join(ch for ch in no if ch.isalnum()).upper()
    digits = "".join(str(int(ch, 36)) for ch in body + "RF00")
    return f"RF{98 - int(digits) % 97:02d}{body}"


for i in range(n):
    cid, no = f"C{i:06d}", f"VZ-2026-{i + 1:06d}"
    lang = "en" if i % 5 == 4 else "nl"
    first = i % 4 == 0
    cust.write(f"{cid},Klant {i} B.V.,Handelsweg {i % 200 + 1},3511 AA,Utrecht,"
               f"NL91ABNA0417164300,M-{cid},2025-01-01,direct_debit,{lang},"
               f"{10000000 + i:08d}\n")
    rows, net = [], 0
    for k in range(nlines):
        qty, price = rnd.randint(1, 12), rnd.choice([995, 1250, 1950, 2495, 4995])
        amount = qty * price
        net += amount
        rows.append((k + 1, "subscription", f"K{i}-{k}", f"Hosted telefonie lijn {k + 1}",
                     "2026-12-01", "2026-12-31", qty, "month", price, amount, "VZ 8.13"))
    calls = []
    if ncalls:
        usage = 0
        for k in range(ncalls):
            d, p, r = dests[k % len(dests)]
            secs = rnd.randint(5, 1800)
            units = (secs + 59) // 60
            calls.append((f"u{i}-{k}", f"2026-11-{k % 28 + 1:02d}T{9 + k % 9:02d}:{k % 60:02d}:00+01:00",
                          f"{p}{rnd.randint(10 ** 7, 10 ** 8 - 1)}", d, secs, units, r, units * r * 10))
            usage += units * r * 10
        cents = (usage + 500) // 1000
        net += cents
        rows.append((nlines + 1, "usage", "Nederland", "Bellen alle bestemmingen", "2026-11-01",
                     "2026-11-30", sum(c[5] for c in calls), "min", 0, cents, "VZ 8.14, VZ 7.3"))
    vat = vat21(net)
    method = "transfer" if first else "direct_debit"
    coll = "" if first else "2026-12-08"
    inv.write(f"{no},{cid},2026-12-01,2026-12-15,2026-12,{money(net)},{money(vat)},"
              f"{money(net + vat)},{method},{coll},{'yes' if first else 'no'},,{rf(no)}\n")
    for (ln, knd, ref, desc, fr, to, qty, unit, price, amount, rule) in rows:
        up = micro(price * 1000) if price else "0.00000"
        lin.write(f"{no},{cid},{ln},{knd},{ref},{desc},{fr},{to},{qty},{unit},{up},"
                  f"{money(amount)},21,\"{rule}\",S\n")
    for (cdr, start, dst, dest, secs, units, r, amt) in calls:
        use.write(f"{cdr},{cid},{start},voice,{dst},{dest},{secs},{units},{micro(r)},"
                  f"{micro(amt)},VZ 7.3,0\n")
    if htmldir and i < nhtml:
        e = html.escape
        trs = "".join(
            f"<tr><td>{e(desc)}<div class=small>grondslag {e(rule)}</div></td><td>december 2026</td>"
            f"<td class=r>{qty} maand</td><td class=r>{money(price).replace('.', ',')}</td>"
            f"<td class=r>€ {money(amount).replace('.', ',')}</td><td class=r>21 %</td></tr>"
            for (ln, knd, ref, desc, fr, to, qty, unit, price, amount, rule) in rows)
        spec = ""
        if calls:
            spec = "<h2 class=break>Specificatie van het gebruik</h2><table>" + "".join(
                f"<tr><td>{c[1][:10]}</td><td>{c[1][11:16]}</td><td>{c[2][:-4]}****</td>"
                f"<td>{e(c[3])}</td><td class=r>{c[4] // 60}:{c[4] % 60:02d}</td>"
                f"<td class=r>€ {micro(c[7])}</td></tr>" for c in calls[:60]) + "</table>"
        with open(f"{htmldir}/{no}.html", "w") as f:
            f.write(f"""<!doctype html><html><head><meta charset=utf-8><style>
@page {{ size: A4; margin: 20mm; @bottom-right {{ content: "pagina " counter(page) " van " counter(pages); font-size: 7pt }} }}
body {{ font-family: "DejaVu Sans"; font-size: 8.5pt; color: #1a1a1a }}
h1 {{ color: #1f4e79; font-size: 20pt }} .small {{ font-size: 6.5pt; color: #6b6b6b }}
table {{ width: 100%; border-collapse: collapse }} th {{ background: #e8eef5; color: #1f4e79; text-align: left }}
td.r, th.r {{ text-align: right }} .addr {{ position: absolute; top: 30mm; left: 2mm }}
.prov {{ position: absolute; top: 22mm; left: 115mm; font-size: 6.5pt }} .break {{ page-break-before: always }}
</style></head><body><b style="color:#1f4e79">VOIPZeker B.V.</b>
<div class=prov><b>VOIPZeker B.V.</b><br>Voorbeeldstraat 1<br>1234 AB Amsterdam<br>KvK 12345678<br>
Btw-nr. NL123456789B01<br>IBAN NL91ABNA0417164300<br>BIC ABNANL2A</div>
<div class=addr>Klant {i} B.V.<br>Handelsweg {i % 200 + 1}<br>3511 AA Utrecht</div>
<div style="height:62mm"></div><h1>Factuur</h1>
<table><tr><td>Factuurnummer</td><td>{no}</td><td>Klantnummer</td><td>{cid}</td></tr>
<tr><td>Factuurdatum</td><td>01-12-2026</td><td>Periode</td><td>december 2026</td></tr>
<tr><td>Vervaldatum</td><td>15-12-2026</td><td>Betaalwijze</td><td>{'Overboeking' if first else 'Automatische incasso'}</td></tr></table>
<table><tr><th>Omschrijving</th><th>Periode</th><th class=r>Aantal</th><th class=r>Prijs</th><th class=r>Bedrag</th><th class=r>Btw</th></tr>
{trs}</table><table style="width:50%;margin-left:50%">
<tr><td>Subtotaal</td><td class=r>€ {money(net).replace('.', ',')}</td></tr>
<tr><td>Btw 21 %</td><td class=r>€ {money(vat).replace('.', ',')}</td></tr>
<tr><th>Totaal</th><th class=r>€ {money(net + vat).replace('.', ',')}</th></tr></table>
<p>{'Maak het bedrag over met betalingskenmerk ' + rf(no) if first else 'Wij schrijven het bedrag op of rond 08-12-2026 af.'}</p>
{spec}</body></html>""")
