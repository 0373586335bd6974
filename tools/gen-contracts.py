#!/usr/bin/env python3
"""gen-contracts: a synthetic provider for the benchmarks.

    gen-contracts.py N OUTDIR

Writes terms.conf, customers.csv (N/2 customers), contracts.csv (N
contracts: most migrated with billed_through, some starting mid-month,
some with notice, terms of 0, 12 or 24 months, plan changes),
discounts.csv (N/10) and charges.csv (N/5), deterministically.
"""
import os, random, sys

n = int(sys.argv[1])
out = sys.argv[2]
os.makedirs(out, exist_ok=True)
rnd = random.Random(42)
here = os.path.dirname(os.path.abspath(__file__))
with open(os.path.join(here, "..", "tests", "fixtures", "terms-vz.conf")) as f:
    terms = f.read()
with open(os.path.join(out, "terms.conf"), "w") as f:
    f.write(terms)


def iban(bank, account):
    bban = f"{bank}{account:010d}"
    digits = "".join(str(int(c, 36)) for c in bban + "NL00")
    return f"NL{98 - int(digits) % 97:02d}{bban}"


ncust = max(1, n // 2)
with open(os.path.join(out, "customers.csv"), "w") as f:
    f.write("customer_id,name,street,postcode,city,country,kvk,iban,"
            "mandate_id,mandate_date,payment_method\n")
    for i in range(ncust):
        f.write(f"C{i:07d},Klant {i} B.V.,Handelsweg {i % 200 + 1},"
                f"3511 AA,Utrecht,NL,{10000000 + i},{iban('RABO', 100000 + i)},"
                f"MND-{i},2025-01-01,{'transfer' if i % 10 == 0 else 'direct_debit'}\n")

with open(os.path.join(out, "contracts.csv"), "w") as f:
    f.write("contract_id,customer_id,description,monthly_fee,quantity,"
            "start_date,term_months,notice_date,end_date,end_reason,replaces,"
            "billed_through\n")
    for i in range(n):
        cust = f"C{rnd.randrange(ncust):07d}"
        fee = f"{rnd.choice([9.95, 19.95, 24.5, 30, 49.95, 60, 99]):.2f}"
        term = rnd.choice([0, 12, 24])
        qty = rnd.choice([1, 1, 1, 2, 5])
        if rnd.random() < 0.8:
            y = rnd.choice([2024, 2025])
            start = f"{y}-{rnd.randrange(1, 13):02d}-01"
            bt = "2026-10-31"
        else:
            start = f"2026-{rnd.randrange(9, 12):02d}-{rnd.randrange(1, 29):02d}"
            bt = ""
        notice = ""
        reason = ""
        # a notice is received after the start (else it is an early
        # cancellation, rules.md §4)
        if rnd.random() < 0.05 and start < "2026-11-15":
            notice = "2026-11-15"
            reason = "notice"
        f.write(f"K{i:08d},{cust},Abonnement {i},{fee},{qty},{start},{term},"
                f"{notice},,{reason},,{bt}\n")

with open(os.path.join(out, "discounts.csv"), "w") as f:
    f.write("discount_id,contract_id,percent,amount,months,once,description\n")
    for i in range(n // 10):
        k = rnd.randrange(n)
        if i % 2:
            f.write(f"D{i:07d},K{k:08d},25,,12,no,Actie\n")
        else:
            f.write(f"D{i:07d},K{k:08d},,5.00,,yes,Welkomstkorting\n")

with open(os.path.join(out, "charges.csv"), "w") as f:
    f.write("charge_id,customer_id,date,description,amount,quantity\n")
    for i in range(n // 5):
        f.write(f"X{i:07d},C{rnd.randrange(ncust):07d},2026-10-{rnd.randrange(1, 32):02d},"
                f"Installatie,{rnd.choice(['45.00', '75.00', '120.00'])},1\n")
