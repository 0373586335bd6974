#!/usr/bin/env python3
"""gen-debits: a run's direct debits for the SEPA benchmark.

    gen-debits.py N DIR

Writes DIR/terms.conf (VOIPZeker's profile of tests/fixtures/terms-vz.conf,
with the provider's iban, bic and creditor_id), DIR/customers.csv (N
customers paying by direct debit, formats.md) and DIR/out/invoices.csv (one
December 2026 invoice per customer, in number order, as bill-run writes it
before the SEPA step: collection date 2026-12-08, no PDF, no payment
reference).  Names vary: accents, ampersands, quotes, commas (quoted
fields), names longer than the 70 characters of a SEPA name.  IBANs are
valid (mod 97) at five Dutch banks.  Deterministic; streams its rows.
"""
import datetime, os, random, sys

n, d = int(sys.argv[1]), sys.argv[2]
here = os.path.dirname(os.path.abspath(__file__))
rnd = random.Random(14)
os.makedirs(f"{d}/out", exist_ok=True)

# the provider: the fixture's profile with a valid account and creditor id
want = {"iban": "NL91ABNA0417164300", "bic": "ABNANL2A",
        "creditor_id": "NL69ZZZ123456780000"}
out = []
with open(f"{here}/../tests/fixtures/terms-vz.conf") as f:
    for line in f:
        key = line.split("=", 1)[0].strip()
        if "=" in line and not line.lstrip().startswith("#") and key in want:
            line = f"{key} = {want.pop(key)}\n"
        out.append(line)
out += [f"{k} = {v}\n" for k, v in want.items()]
with open(f"{d}/terms.conf", "w") as f:
    f.writelines(out)

banks = [("ABNA", "ABNANL2A"), ("INGB", "INGBNL2A"), ("RABO", "RABONL2U"),
         ("TRIO", "TRIONL2U"), ("BUNQ", "BUNQNL2A")]
# letters as numbers (A = 10 ... Z = 35), sepa.md
bankdigits = ["".join(str(ord(ch) - 55) for ch in b) for b, _ in banks]
names = ["Bakkerij Jansen", "Café de Zwaan", "Hôtel Régence", "Müller & Söhne",
         "Van den Berg & Co", "Brasserie 't Hoekje", "Coöperatie De Eendracht",
         "Garage Öztürk", "Ærø Trading", "Zoë's Bloemen", "Señor Taco",
         "Łódź Import", "Pietersen, Hoek & Partners", 'Drukkerij "De Ster"',
         "“Het Anker” Scheepvaart", "Straßenbau Weiß", "Kaasboerderij Øster",
         "Installatiebedrijf De Vries", "Dijkstra ICT", "Smit Transport"]
longs = ["Stichting tot Bevordering van de Nederlandse Telecommunicatie en "
         "Aanverwante Diensten",
         "Vereniging van Eigenaren Appartementencomplex „De Hoge Kade” "
         "te ’s-Hertogenbosch, afdeling Onderhoud & Beheer"]
suffixes = ["B.V.", "V.O.F.", "N.V.", "Holding B.V.", "& Zn. B.V."]
streets = ["Kerkstraat", "Stationsweg", "Dorpsstraat", "Industrieweg",
           "Handelskade", "Oude Gracht", "Laan van Nieuw Oost-Indië"]
cities = ["Amsterdam", "Rotterdam", "Utrecht", "Den Haag", "Eindhoven",
          "'s-Hertogenbosch", "Zwolle", "Groningen", "Leeuwarden", "Maastricht"]
letters = [a + b for a in "ABCEGHJKLMNPRTVWXZ" for b in "ABCEGHJKLMNPRTVWXZ"]
d0 = datetime.date(2019, 1, 1).toordinal()
mdates = [datetime.date.fromordinal(o).isoformat()
          for o in range(d0, datetime.date(2026, 11, 30).toordinal() + 1)]


def csvq(s):
    if "," in s or '"' in s or "\n" in s:
        return '"' + s.replace('"', '""') + '"'
    return s


def money(c):
    return f"{c // 100}.{c % 100:02d}"


cust = open(f"{d}/customers.csv", "w", buffering=1 << 20)
cust.write("customer_id,name,street,postcode,city,country,email,kvk,iban,bic,"
           "mandate_id,mandate_date,payment_method,language\n")
inv = open(f"{d}/out/invoices.csv", "w", buffering=1 << 20)
inv.write("invoice_no,customer_id,invoice_date,due_date,period,net,vat,gross,"
          "payment_method,collection_date,first_invoice,pdf,payment_reference\n")
cbuf, ibuf = [], []
for i in range(1, n + 1):
    cid = f"C{i:07d}"
    if i % 37 == 0:
        name = f"{longs[i // 37 % len(longs)]} {i}"
    else:
        name = f"{names[i % len(names)]} {i} {suffixes[i // 7 % len(suffixes)]}"
    b = rnd.randrange(len(banks))
    acct = f"{rnd.randrange(10 ** 10):010d}"
    # ISO 7064 mod 97-10: BBAN + country (N = 23, L = 21) + 00
    check = 98 - int(f"{bankdigits[b]}{acct}232100") % 97
    iban = f"NL{check:02d}{banks[b][0]}{acct}"
    cbuf.append(f"{cid},{csvq(name)},{streets[i % len(streets)]} {i % 250 + 1},"
                f"{1000 + i % 9000} {letters[i % len(letters)]},"
                f"{cities[i % len(cities)]},NL,administratie@klant{i}.example,"
                f"{10000000 + i * 7919 % 90000000:08d},{iban},{banks[b][1]},"
                f"M-{cid},{mdates[rnd.randrange(len(mdates))]},direct_debit,nl\n")
    r = rnd.random()
    net = (rnd.randint(500, 9999) if r < 0.6 else rnd.randint(10000, 99999)
           if r < 0.95 else rnd.randint(100000, 2500000))
    vat, rest = divmod(net * 21, 100)
    vat += rest >= 50
    ibuf.append(f"VZ-2026-{i:06d},{cid},2026-12-01,2026-12-15,2026-12,"
                f"{money(net)},{money(vat)},{money(net + vat)},direct_debit,"
                f"2026-12-08,no,,\n")
    if len(cbuf) == 10000:
        cust.write("".join(cbuf))
        inv.write("".join(ibuf))
        cbuf, ibuf = [], []
cust.write("".join(cbuf))
inv.write("".join(ibuf))
cust.close()
inv.close()
