#!/usr/bin/env python3
"""gen-dunning: a state with N open items and a camt.053 of M entries, for
the dunning benchmark.

    gen-dunning.py N M DIR

Writes DIR/in (terms.conf from tests/fixtures, customers.csv: N/4
customers, bank/camt053.xml: M booked credits on the provider's account)
and DIR/state (current -> gen.000001 holding invoices.csv: four invoices
per customer, by transfer, of 2026-08-01 to 2026-11-01, due 14 days
later).  Of the entries, 60 % pay an invoice in full by its RF reference,
15 % part of one, 10 % pay without reference (the customer found by
IBAN), 10 % name the invoice in the remittance text and 5 % match
nothing.  Deterministic.
"""
import os, random, shutil, sys

n, m, d = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
rnd = random.Random(15)
root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
os.makedirs(d + "/in/bank", exist_ok=True)
os.makedirs(d + "/state/gen.000001", exist_ok=True)
if not os.path.lexists(d + "/state/current"):
    os.symlink("gen.000001", d + "/state/current")
shutil.copy(root + "/tests/fixtures/terms-vz.conf", d + "/in/terms.conf")
own = next(l.split("=", 1)[1].strip() for l in open(d + "/in/terms.conf")
           if l.startswith("iban"))
ncust = max(1, n // 4)


def iban(i):
    # NLkk TEST 0iiiiiiiii with its mod-97 check digits
    bban = f"TEST{i:010d}"
    num = "".join(str(int(c, 36)) for c in bban + "NL00")
    return f"NL{98 - int(num) % 97:02d}{bban}"


def rf(no):
    body = no.replace("-", "")
    num = "".join(str(int(c, 36)) for c in body + "RF00")
    return f"RF{98 - int(num) % 97:02d}{body}"


def money(c):
    return f"{c // 100}.{c % 100:02d}"


with open(d + "/in/customers.csv", "w") as f:
    f.write("customer_id,name,street,postcode,city,country,iban,payment_method\n")
    for i in range(ncust):
        f.write(f"C{i:07d},Klant {i} B.V.,Handelsweg 1,3511 AA,Utrecht,NL,"
                f"{iban(i)},transfer\n")
inv = []
with open(d + "/state/gen.000001/invoices.csv", "w") as f:
    f.write("invoice_no,customer_id,invoice_date,due_date,period,net,vat,"
            "gross,payment_method,collection_date,first_invoice,"
            "payment_reference\n")
    k = 0
    for month in (8, 9, 10, 11):
        for i in range(ncust):
            if k >= n:
                break
            k += 1
            no = f"VZ-2026-{k:07d}"
            net = rnd.randrange(1000, 30000)
            vat = (net * 21 + 50) // 100
            inv.append((no, i, net + vat))
            f.write(f"{no},C{i:07d},2026-{month:02d}-01,2026-{month:02d}-15,"
                    f"2026-{month:02d},{money(net)},{money(vat)},"
                    f"{money(net + vat)},transfer,,no,{rf(no)}\n")
with open(d + "/in/bank/camt053.xml", "w") as f:
    w = f.write
    w('<?xml version="1.0" encoding="UTF-8"?>\n<Document xmlns="urn:iso:std:'
      'iso:20022:tech:xsd:camt.053.001.02"><BkToCstmrStmt>\n<GrpHdr><MsgId>'
      'BENCH</MsgId><CreDtTm>2026-11-14T06:00:00</CreDtTm></GrpHdr>\n<Stmt>'
      '<Id>BENCH-1</Id><CreDtTm>2026-11-14T06:00:00</CreDtTm><Acct><Id><IBAN>'
      f'{own}</IBAN></Id></Acct>\n')
    for e in range(m):
        no, c, gross = inv[rnd.randrange(len(inv))]
        amt, ref, txt, payer = gross, "", "", iban(c)
        x = rnd.random()
        if x < 0.60:
            ref = rf(no)
        elif x < 0.75:
            ref, amt = rf(no), max(1, gross // 2)
        elif x < 0.85:
            txt = "betaling telefonie"
        elif x < 0.95:
            txt = f"factuur {no}"
        else:
            txt, payer = "contributie", iban(ncust + e)
        day = 1 + e * 13 // m
        w(f'<Ntry><Amt Ccy="EUR">{money(amt)}</Amt><CdtDbtInd>CRDT</CdtDbtInd>'
          f'<Sts>BOOK</Sts><BookgDt><Dt>2026-11-{day:02d}</Dt></BookgDt>'
          f'<AcctSvcrRef>B{e:09d}</AcctSvcrRef><BkTxCd><Domn><Cd>PMNT</Cd>'
          '<Fmly><Cd>RCDT</Cd><SubFmlyCd>ESCT</SubFmlyCd></Fmly></Domn>'
          '</BkTxCd><NtryDtls><TxDtls><Refs><EndToEndId>NOTPROVIDED'
          '</EndToEndId></Refs><RltdPties><DbtrAcct><Id><IBAN>'
          f'{payer}</IBAN></Id></DbtrAcct></RltdPties><RmtInf>')
        if ref:
            w('<Strd><CdtrRefInf><Tp><CdOrPrtry><Cd>SCOR</Cd></CdOrPrtry>'
              f'</Tp><Ref>{ref}</Ref></CdtrRefInf></Strd>')
        else:
            w(f'<Ustrd>{txt}</Ustrd>')
        w('</RmtInf></TxDtls></NtryDtls></Ntry>\n')
    w('</Stmt></BkToCstmrStmt></Document>\n')
