// bench-sepa.js: the same direct debits as bin/sepa, written with the npm
// package sepa (build/npm, tools/npm-deps), for the SEPA benchmark.
//
//     node tools/bench-sepa.js DIR OUTDIR
//
// Reads DIR/terms.conf, DIR/customers.csv and DIR/out/invoices.csv (the
// invoices paid by direct debit with an amount to collect), and writes
// OUTDIR/npm-01.xml, npm-02.xml, ... of 100,000 debits each (one document
// cannot hold a million: its string would pass V8's limit), built with the
// package's API and serialised with toString().  Prints "DEBITS FILES
// VERSION" on stdout.
'use strict';
const fs = require('fs');
const path = require('path');
const { StringDecoder } = require('string_decoder');
const SEPA = require(path.join(__dirname, '..', 'build', 'npm', 'node_modules', 'sepa'));

const PAIN = 'pain.008.001.08';	// our default version; npm sepa writes it too
const PER_DOC = 100000;

if (process.argv.length !== 4) {
	process.stderr.write('usage: node tools/bench-sepa.js DIR OUTDIR\n');
	process.exit(2);
}
const [dir, outdir] = process.argv.slice(2);

// CSV (RFC 4180), read in chunks: calls row(fields, line) for each record
// after the header, with head mapping column names to indexes.
function readCsv(file, row) {
	const fd = fs.openSync(file, 'r');
	const dec = new StringDecoder('utf8');
	const chunk = Buffer.allocUnsafe(1 << 20);
	let buf = '', eof = false, head = null, line = 0;

	// one record from buf at pos, or null when buf ends inside it
	function record(pos) {
		const nl = buf.indexOf('\n', pos);
		if (nl < 0 && !eof)
			return null;
		const end = nl < 0 ? buf.length : nl;
		let s = buf.slice(pos, end);
		if (s.indexOf('"') < 0) {
			if (s.endsWith('\r'))
				s = s.slice(0, -1);
			return { fields: s.split(','), next: nl < 0 ? end : nl + 1 };
		}
		const f = [];
		let i = pos, cur = '';
		for (;;) {
			if (buf[i] === '"') {
				i++;
				for (;;) {
					const q = buf.indexOf('"', i);
					if (q < 0 || q + 1 >= buf.length && !eof) {
						if (eof)
							throw new Error(`${file}:${line}: unterminated quote`);
						return null;
					}
					cur += buf.slice(i, q);
					if (buf[q + 1] === '"') {
						cur += '"';
						i = q + 2;
					} else {
						i = q + 1;
						break;
					}
				}
			}
			let j = i;
			while (j < buf.length && buf[j] !== ',' && buf[j] !== '\n')
				j++;
			if (j >= buf.length && !eof)
				return null;
			cur += buf.slice(i, j);
			if (j < buf.length && buf[j] === ',') {
				f.push(cur);
				cur = '';
				i = j + 1;
				continue;
			}
			if (cur.endsWith('\r'))
				cur = cur.slice(0, -1);
			f.push(cur);
			return { fields: f, next: j < buf.length ? j + 1 : j };
		}
	}

	for (;;) {
		if (!eof) {
			const got = fs.readSync(fd, chunk, 0, chunk.length, null);
			if (got === 0) {
				eof = true;
				buf += dec.end();
			} else {
				buf += dec.write(chunk.subarray(0, got));
			}
		}
		let pos = 0, r;
		while (pos < buf.length && (r = record(pos)) !== null) {
			pos = r.next;
			line++;
			if (r.fields.length === 1 && r.fields[0] === '')
				continue;
			if (head === null) {
				head = {};
				r.fields.forEach((name, k) => { head[name.replace(/^\uFEFF/, '')] = k; });
			} else {
				row(r.fields, head, line);
			}
		}
		buf = buf.slice(pos);
		if (eof)
			break;
	}
	fs.closeSync(fd);
}

function col(head, name, file) {
	if (!(name in head))
		throw new Error(`${file}: no column ${name}`);
	return head[name];
}

// a YYYY-MM-DD as a local Date (npm sepa prints local calendar dates)
function day(s) {
	return new Date(+s.slice(0, 4), +s.slice(5, 7) - 1, +s.slice(8, 10));
}

// terms.conf: key = value
const terms = {};
for (const l of fs.readFileSync(path.join(dir, 'terms.conf'), 'utf8').split('\n')) {
	const m = l.match(/^\s*([a-z_]+)\s*=\s*(.*?)\s*$/);
	if (m)
		terms[m[1]] = m[2];
}

// the customers: what a debit needs of them
const customers = new Map();
{
	const file = path.join(dir, 'customers.csv');
	let k = null;
	readCsv(file, (f, h) => {
		if (k === null)
			k = ['customer_id', 'name', 'iban', 'bic', 'mandate_id',
			    'mandate_date'].map((c) => col(h, c, file));
		customers.set(f[k[0]], { name: f[k[1]], iban: f[k[2]], bic: f[k[3]],
		    mandateId: f[k[4]], mandateDate: f[k[5]] });
	});
}

fs.mkdirSync(outdir, { recursive: true });
let doc = null, infos = null, ndoc = 0, inDoc = 0, total = 0;

function flush() {
	if (doc === null)
		return;
	const name = path.join(outdir, `npm-${String(ndoc).padStart(2, '0')}.xml`);
	fs.writeFileSync(name, doc.toString());
	doc = null;
}

// a debit: one per invoice paid by direct debit (in documents of
// PER_DOC, one payment information block per collection date)
function debit(no, c, inv) {
	if (doc === null) {
		ndoc++;
		inDoc = 0;
		doc = new SEPA.Document(PAIN);
		doc.grpHdr.id = `${terms.invoice_prefix || 'VZ'}-${inv.period}-NPM-${String(ndoc).padStart(2, '0')}`;
		doc.grpHdr.created = day(inv.date);
		doc.grpHdr.initiatorName = terms.provider_name;
		infos = new Map();
	}
	let info = infos.get(inv.collection);
	if (info === undefined) {
		info = doc.createPaymentInfo();
		info.collectionDate = day(inv.collection);
		info.creditorIBAN = terms.iban;
		info.creditorBIC = terms.bic || '';
		info.creditorName = terms.provider_name;
		info.creditorId = terms.creditor_id;
		info.localInstrumentation = terms.sepa_scheme || 'B2B';
		info.sequenceType = 'FRST';
		doc.addPaymentInfo(info);
		infos.set(inv.collection, info);
	}
	const tx = info.createTransaction();
	// a SEPA name is at most 70 characters (npm sepa refuses more)
	tx.debtorName = c.name.length > 70 ? [...c.name].slice(0, 70).join('') : c.name;
	tx.debtorIBAN = c.iban;
	tx.debtorBIC = c.bic;
	tx.mandateId = c.mandateId;
	tx.mandateSignatureDate = day(c.mandateDate);
	tx.amount = +inv.gross;
	tx.end2endId = no;
	tx.remittanceInfo = `Factuur ${no} periode ${inv.period}`;
	info.addTransaction(tx);
	total++;
	if (++inDoc === PER_DOC)
		flush();
}

{
	const file = path.join(dir, 'out', 'invoices.csv');
	let k = null;
	readCsv(file, (f, h, line) => {
		if (k === null)
			k = ['invoice_no', 'customer_id', 'invoice_date', 'period',
			    'gross', 'payment_method', 'collection_date'].map((c) => col(h, c, file));
		if (f[k[5]] !== 'direct_debit' || !(+f[k[4]] > 0))
			return;
		const c = customers.get(f[k[1]]);
		if (c === undefined)
			throw new Error(`${file}:${line}: no customer ${f[k[1]]}`);
		debit(f[k[0]], c, { date: f[k[2]], period: f[k[3]], gross: f[k[4]],
		    collection: f[k[6]] });
	});
}
flush();
process.stdout.write(`${total} ${ndoc} ${PAIN}\n`);
