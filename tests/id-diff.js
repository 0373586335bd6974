// id-diff.js: a differential test of our IBAN check and SEPA creditor
// identifier check (filters/lib/iban.c, through the driver build/idcheck)
// against two independent implementations from npm (build/npm, installed
// by tools/npm-deps): ibantools' isValidIBAN and npm sepa's
// SEPA.validateCreditorID.
//
//     node tests/id-diff.js CHECKER [--seed N] [--cases FILE] [--all]
//
// Generates a few thousand IBANs and creditor identifiers from a fixed seed
// (the same cases on every run): valid ones of many countries and
// corrupted ones (a character changed, two adjacent ones swapped, one
// dropped or added, wrong check digits, an unknown country, ...), feeds
// them to CHECKER as "iban VALUE" / "creditor VALUE" lines (--cases FILE
// also writes them to FILE), reads its one "1" or "0" per line and compares
// each answer with the package's.  Prints every disagreement it cannot
// explain, the explained ones grouped by reason (--all: every one), and
//
//     iban: N cases (N valid, N invalid by ibantools), N agree, N disagree (...)
//     creditor: N cases (N valid, N invalid by sepa), N agree, N disagree (...)
//     N cases, N agree, N disagree (N explained, N unexplained)
//
// Exits 0 when every disagreement is explained, 1 when one is not, 2 on a
// usage error or when the checker fails or breaks the line protocol.
//
// What "explained" means.  Our checks do what sepa.md asks and no more:
// an IBAN is capital letters and digits (spaces removed), a country of the
// SWIFT IBAN registry with its fixed length, check digits 02..98 and mod
// 97 = 1; a creditor id is check digits 02..98 and the mod 97-10 check
// over national id + country + check digits, the business code skipped.  ibantools checks more: each country's BBAN format
// (letters where the format has digits) and some national check digits
// (BE, ES, FR, ...), and it knows codes that are not IBAN country codes of
// the registry.  npm sepa checks less: only the mod 97 of a creditor id,
// on whatever characters it is given.  A disagreement is explained only
// when the package's own reasons prove it is one of those:
//
//  - IBAN, ours 1, ibantools 0: validateIBAN's error codes are BBAN format
//    or national check errors only (its checksum error, which it adds to
//    every format error, is then decided by sepa.checksumIBAN's canonical
//    check digits instead);
//  - IBAN, ours 0, ibantools 1: the country is not an IBAN prefix of the
//    registry (a French territory or Aland, whose IBANs start FR or FI, or
//    a code ibantools itself marks as outside the registry);
//  - creditor id, ours 0, sepa 1: the value breaks the shape sepa does not
//    check (capital letters and digits, 2 letters, 2 digits, at most 35).
//
// The other way round counts as well: when ibantools rejects an IBAN only
// for its format or national rules and the rest of its verdict holds, ours
// must accept it, so our 0 there is an unexplained disagreement even
// though it equals ibantools' answer.
'use strict';
const fs = require('fs');
const path = require('path');
const { spawnSync } = require('child_process');

const NM = path.join(__dirname, '..', 'build', 'npm', 'node_modules');
let ibantools, SEPA;
try {
	ibantools = require(path.join(NM, 'ibantools'));
	SEPA = require(path.join(NM, 'sepa'));
} catch (e) {
	process.stderr.write(`id-diff: ${e.message.split('\n')[0]} (run tools/npm-deps)\n`);
	process.exit(2);
}
const E = ibantools.ValidationErrorsIBAN;
const SPECS = ibantools.countrySpecs;

// --- options ---------------------------------------------------------------

function usage() {
	process.stderr.write('usage: node tests/id-diff.js CHECKER [--seed N] [--cases FILE] [--all]\n');
	process.exit(2);
}
let checker = null, seed = 20261202, casesFile = null, showAll = false;
for (let i = 2; i < process.argv.length; i++) {
	const a = process.argv[i];
	if (a === '--seed' && i + 1 < process.argv.length && /^[0-9]+$/.test(process.argv[i + 1]))
		seed = Number(process.argv[++i]) >>> 0;
	else if (a === '--cases' && i + 1 < process.argv.length)
		casesFile = process.argv[++i];
	else if (a === '--all')
		showAll = true;
	else if (checker === null && !a.startsWith('--'))
		checker = a;
	else
		usage();
}
if (checker === null)
	usage();

// --- a fixed-seed PRNG (mulberry32) -------------------------------------------

let state = seed >>> 0;
function rnd() {
	state = (state + 0x6D2B79F5) >>> 0;
	let t = state;
	t = Math.imul(t ^ (t >>> 15), t | 1);
	t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
	return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
function int(n) { return Math.floor(rnd() * n); }
function pick(a) { return a[int(a.length)]; }

const DIGITS = '0123456789';
const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const ALNUM = DIGITS + UPPER;

// --- mod 97 of ISO 7064 (letters as 10..35), for generating only ------------

function mod97(s) {
	let r = 0;
	for (const c of s) {
		if (c >= '0' && c <= '9')
			r = (r * 10 + (c.charCodeAt(0) - 48)) % 97;
		else if (c >= 'A' && c <= 'Z')
			r = (r * 100 + (c.charCodeAt(0) - 55)) % 97;
		else
			throw new Error(`mod97: '${c}' in '${s}'`);
	}
	return r;
}
function two(n) { return (n < 10 ? '0' : '') + n; }
// canonical check digits (02..98) of country cc and body (the BBAN, or the
// business code + national id of a creditor id, whose code is skipped)
function ibanDigits(cc, bban) { return two(98 - mod97(bban + cc + '00')); }
function makeIBAN(cc, bban) { return cc + ibanDigits(cc, bban) + bban; }
function makeCID(cc, code, nid) { return cc + two(98 - mod97(nid + cc + '00')) + code + nid; }

// --- the BBAN formats of ibantools ------------------------------------------

// the character classes of a country's bban_regexp, one per position
const layouts = {};
function layout(cc) {
	if (cc in layouts)
		return layouts[cc];
	const re = SPECS[cc].bban_regexp, out = [];
	const tok = /\[([^\]]+)\]\{(\d+)\}/g;
	let m;
	while ((m = tok.exec(re)) !== null) {
		const cls = m[1] === '0-9' ? DIGITS : m[1] === 'A-Z' ? UPPER : ALNUM;
		for (let i = 0; i < Number(m[2]); i++)
			out.push(cls);
	}
	if (out.length !== SPECS[cc].chars - 4)
		throw new Error(`layout ${cc}: ${re} is not ${SPECS[cc].chars - 4} characters`);
	layouts[cc] = out;
	return out;
}
function randomBBAN(cc) { return layout(cc).map(pick).join(''); }
// a BBAN that passes ibantools' format and national checks
function validBBAN(cc) {
	for (let i = 0; i < 100000; i++) {
		const b = randomBBAN(cc);
		if (ibantools.isValidBBAN(b, cc))
			return b;
	}
	throw new Error(`no valid BBAN for ${cc}`);
}

// --- the cases ---------------------------------------------------------------

const cases = [];	// { type: 'iban' | 'creditor', value, kind }
function add(type, value, kind) { cases.push({ type, value, kind }); }

function charAt(s, i, c) { return s.slice(0, i) + c + s.slice(i + 1); }
function otherThan(cls, c) {
	let d;
	do d = pick(cls); while (d === c);
	return d;
}
// s with one character at or after position from replaced by another of
// its kind (a digit by a digit, a letter by a letter)
function changeOne(s, from) {
	const i = from + int(s.length - from);
	return charAt(s, i, otherThan(DIGITS.includes(s[i]) ? DIGITS : UPPER, s[i]));
}
// two adjacent characters at or after from swapped (different ones)
function swapTwo(s, from) {
	for (let k = 0; k < 100; k++) {
		const i = from + int(s.length - from - 1);
		if (s[i] !== s[i + 1])
			return s.slice(0, i) + s[i + 1] + s[i] + s.slice(i + 2);
	}
	return null;
}
function dropOne(s, from) {
	const i = from + int(s.length - from);
	return s.slice(0, i) + s.slice(i + 1);
}
function addOne(s, from, cls) {
	const i = from + int(s.length - from + 1);
	return s.slice(0, i) + pick(cls) + s.slice(i);
}
// print format: groups of four
function grouped(s) { return s.replace(/(.{4})(?!$)/g, '$1 '); }
// the check digits that also give mod 97 = 1 (00, 01, 99), when any
function alias(cd) { return cd === '97' ? '00' : cd === '98' ? '01' : cd === '02' ? '99' : null; }

// the countries ibantools knows with a length and format
const KNOWN = Object.keys(SPECS).filter((c) => SPECS[c].chars && SPECS[c].bban_regexp).sort();
// codes ibantools knows that are not IBAN country codes of the SWIFT IBAN
// registry: the registry lists these territories under France (FR) and
// Finland (FI), whose country code their IBANs carry
const TERRITORY = {
	BL: 'FR', GF: 'FR', GP: 'FR', MF: 'FR', MQ: 'FR', NC: 'FR', PF: 'FR',
	PM: 'FR', RE: 'FR', TF: 'FR', WF: 'FR', YT: 'FR', AX: 'FI',
};
function notRegistryPrefix(cc) {
	return cc in TERRITORY || (cc in SPECS && !SPECS[cc].IBANRegistry);
}
// the countries of the brief, many cases each, then every other one
// ibantools knows with a few; the codes above apart
const MAIN = ['NL', 'BE', 'DE', 'FR', 'ES', 'IT', 'AT', 'CH', 'GB', 'LU'];
const REGISTRY = KNOWN.filter((c) => !notRegistryPrefix(c));
const OTHER = REGISTRY.filter((c) => !MAIN.includes(c));
const OUTSIDE = KNOWN.filter(notRegistryPrefix);
// codes no IBAN has (ibantools has no length for them)
const UNKNOWN = ['US', 'CA', 'JP', 'CN', 'AU', 'IN', 'ZA', 'XX', 'ZZ', 'QQ']
	.filter((c) => !(c in SPECS) || !SPECS[c].chars);

function checkGenerated(iban) {
	const cc = iban.slice(0, 2), bban = iban.slice(4);
	if (SEPA.checksumIBAN(cc + '00' + bban) !== iban ||
	    ibantools.composeIBAN({ countryCode: cc, bban }) !== iban)
		throw new Error(`generator: check digits of ${iban} differ from sepa's or ibantools'`);
}

const IBAN_CORRUPT = ['change', 'change-cd', 'swap', 'drop', 'add', 'cd', 'drop-fixed',
	'add-fixed', 'letter', 'letter-fixed', 'country', 'cd-letters', 'lower', 'spaced-bad'];

function ibanCases(cc, n) {
	const lay = layout(cc);
	const digitPos = lay.map((cls, i) => (cls === DIGITS ? i : -1)).filter((i) => i >= 0);
	const letterPos = lay.map((cls, i) => (cls === UPPER ? i : -1)).filter((i) => i >= 0);
	for (let k = 0; k < n; k++) {
		const bban = validBBAN(cc), iban = makeIBAN(cc, bban), cd = iban.slice(2, 4);
		checkGenerated(iban);
		add('iban', iban, 'valid');
		if (k % 3 === 0)
			add('iban', grouped(iban), 'valid, print format');
		if (k % 7 === 1)
			add('iban', ' ' + iban.slice(0, 3) + '  ' + iban.slice(3) + ' ', 'valid, odd spaces');
		for (let j = 0; j < 3; j++) {
			const kind = IBAN_CORRUPT[(k * 3 + j) % IBAN_CORRUPT.length];
			let v = null;
			switch (kind) {
			case 'change': v = changeOne(iban, 4); break;
			case 'change-cd': v = cc + changeOne(cd, 0) + bban; break;
			case 'swap': v = swapTwo(iban, 2); break;
			case 'drop': v = dropOne(iban, 2); break;
			case 'add': v = addOne(iban, 4, lay[0]); break;
			case 'cd': {
				let w;
				do w = two(int(100)); while (w === cd || w === alias(cd));
				v = cc + w + bban;
				break;
			}
			// a wrong length alone: the check digits made right
			case 'drop-fixed': v = makeIBAN(cc, dropOne(bban, 0)); break;
			case 'add-fixed': v = makeIBAN(cc, addOne(bban, 0, DIGITS)); break;
			// a letter where the format has a digit (or a digit where it
			// has a letter), with and without right check digits
			case 'letter':
			case 'letter-fixed': {
				let b;
				if (digitPos.length)
					b = charAt(bban, pick(digitPos), pick(UPPER));
				else if (letterPos.length)
					b = charAt(bban, pick(letterPos), pick(DIGITS));
				else
					break;
				v = kind === 'letter' ? cc + cd + b : makeIBAN(cc, b);
				break;
			}
			// an unknown country, with right check digits
			case 'country': v = makeIBAN(pick(UNKNOWN), bban); break;
			case 'cd-letters': v = cc + pick(UPPER) + pick(ALNUM) + bban; break;
			case 'lower': {
				const r = int(3);
				v = r === 0 ? iban.toLowerCase() : r === 1 ? cc.toLowerCase() + iban.slice(2)
					: iban.slice(0, 4) + bban.toLowerCase();
				if (v === iban)	// no letter to lower
					v = iban.slice(0, 1).toLowerCase() + iban.slice(1);
				break;
			}
			case 'spaced-bad': v = grouped(changeOne(iban, 4)); break;
			}
			if (v !== null)
				add('iban', v, kind);
		}
		// check digits 00, 01 or 99 where mod 97 still gives 1
		if (alias(cd) !== null)
			add('iban', cc + alias(cd) + bban, 'alias check digits');
	}
	// a few with the aliases for sure: bases whose check digits are 02, 97
	// or 98 (none where ibantools' national check is mod 97 of the BBAN,
	// as for PT, SI, ME: there the check digits are the same in every IBAN)
	for (let k = 0, found = 0; found < 3 && k < 400; k++) {
		const bban = validBBAN(cc), iban = makeIBAN(cc, bban);
		const a = alias(iban.slice(2, 4));
		if (a !== null) {
			add('iban', iban, 'valid');
			add('iban', cc + a + bban, 'alias check digits');
			found++;
		}
	}
	// national check digits wrong, IBAN check digits right (countries
	// whose BBAN ibantools checks)
	if (SPECS[cc].bban_validation_func) {
		for (let k = 0, found = 0; found < 3 && k < 1000; k++) {
			const b = randomBBAN(cc);
			if (!ibantools.isValidBBAN(b, cc)) {
				add('iban', makeIBAN(cc, b), 'national check digits wrong');
				found++;
			}
		}
	}
}

for (const cc of MAIN)
	ibanCases(cc, 60);
for (const cc of OTHER)
	ibanCases(cc, 8);
// IBANs ibantools takes under a code that is not a registry prefix
for (const cc of OUTSIDE) {
	for (let k = 0; k < 2; k++) {
		const iban = makeIBAN(cc, validBBAN(cc));
		checkGenerated(iban);
		add('iban', iban, 'not a registry country code');
	}
}
// the examples of sepa.md, edge cases
for (const v of ['NL91ABNA0417164300', 'NL91ABNA0417164301', 'NL91 ABNA 0417 1643 00',
	'', ' ', 'N', 'NL', 'NL91', 'NL91A', '91NLABNA0417164300', 'NL9XABNA0417164300',
	'NL91ABNA041716430', 'NL91ABNA04171643000', 'NL91ABNA0417164300NL91ABNA0417164300',
	'NL91ABNA041716430\u00e9', 'NL91-ABNA-0417-1643-00', 'NL91ABNA\t0417164300',
	'LC55HEMM000100010012001200023015', 'RU0204452560040702810412345678901',
	'NO9386011117947', 'X'.repeat(200)])
	add('iban', v, 'edge');

// creditor identifiers: national ids by country (shapes of the EPC's
// overview: NL KvK + 4 digits, DE 11, BE enterprise number, AT 11, ES NIF,
// FR ICS, IT codice fiscale or partita IVA, ...)
function nat(shape) {
	return shape.split('').map((c) => (c === '9' ? pick(DIGITS) : c === 'A' ? pick(UPPER)
		: c === 'X' ? pick(ALNUM) : c)).join('');
}
const CID = {
	NL: () => nat('99999999') + (int(4) ? '0000' : nat('9999')),
	DE: () => '0' + nat('9999999999'),
	BE: () => pick(['0', '1']) + nat('999999999'),
	AT: () => '0' + nat('9999999999'),
	ES: () => nat('A9999999X'),
	FR: () => nat('XXXXXX'),
	IT: () => (int(2) ? nat('AAAAAA99A99A999A') : nat('99999999999')),
	LU: () => nat('9999999999999999'),
	PT: () => nat('999999'),
	FI: () => nat('99999999999'),
	IE: () => nat('999999'),
	GB: () => nat('999999'),
	CH: () => nat('XXXXXXXXXXXXXXXXXXXXXX').slice(0, 4 + int(19)),
};
function code() { return int(3) ? 'ZZZ' : nat('XXX'); }
function checkCID(cid) {
	const cc = cid.slice(0, 2), rest = cid.slice(4);
	if (SEPA.checksumCreditorID(cc + '00' + rest) !== cid)
		throw new Error(`generator: check digits of ${cid} differ from sepa's`);
}
const CID_CORRUPT = ['change', 'change-cd', 'swap', 'drop', 'add', 'cd', 'code', 'lower',
	'space', 'dash', 'too-long', 'no-id', 'cc-digit'];
for (const cc of Object.keys(CID)) {
	const n = ['NL', 'DE', 'BE', 'AT', 'ES', 'FR', 'IT'].includes(cc) ? 60 : 20;
	for (let k = 0; k < n; k++) {
		const bc = code(), nid = CID[cc](), cid = makeCID(cc, bc, nid), cd = cid.slice(2, 4);
		checkCID(cid);
		add('creditor', cid, 'valid');
		for (let j = 0; j < 3; j++) {
			const kind = CID_CORRUPT[(k * 3 + j) % CID_CORRUPT.length];
			let v = null;
			switch (kind) {
			case 'change': v = cc + cd + bc + changeOne(nid, 0); break;
			case 'change-cd': v = cc + changeOne(cd, 0) + bc + nid; break;
			case 'swap': v = swapTwo(cid, 2); break;
			case 'drop': v = dropOne(cid, 4); break;
			case 'add': v = addOne(cid, 4, DIGITS); break;
			case 'cd': {
				let w;
				do w = two(int(100)); while (w === cd || w === alias(cd));
				v = cc + w + bc + nid;
				break;
			}
			// the business code is not covered by the check digits
			case 'code': v = cc + cd + otherThan(['ZZZ', '001', 'ABC', 'X9Y'], bc) + nid; break;
			case 'lower': v = cid.toLowerCase() === cid ? null : cid.toLowerCase(); break;
			case 'space': { const i = 7 + int(nid.length); v = cid.slice(0, i) + ' ' + cid.slice(i); break; }
			case 'dash': v = cid.slice(0, 7) + '-' + cid.slice(7); break;
			case 'too-long': v = makeCID(cc, bc, nid + nat('9'.repeat(29 - nid.length))); break;
			case 'no-id': v = cc + cd + bc; break;
			case 'cc-digit': v = charAt(cid, int(2), pick(DIGITS)); break;
			}
			if (v !== null)
				add('creditor', v, kind);
		}
		if (alias(cd) !== null)
			add('creditor', cc + alias(cd) + bc + nid, 'alias check digits');
	}
}
// the longest: 35 characters, valid
for (let k = 0; k < 10; k++)
	add('creditor', makeCID(pick(Object.keys(CID)), code(), nat('X'.repeat(28))), 'valid, 35 characters');
for (const v of ['NL69ZZZ123456780000', 'NL51ZZZ405365330000', 'NL89ZZZ011234567890',
	'DE98ZZZ09999999999', '', 'NL', 'NL69', 'NL69ZZZ', 'NL69ZZZ1', 'nl69zzz123456780000',
	'NL69ZZZ12345678000\u00e9', 'NL69 ZZZ 123456780000'])
	add('creditor', v, 'edge');

// --- run the checker ---------------------------------------------------------

const input = cases.map((c) => `${c.type} ${c.value}\n`).join('');
if (casesFile !== null)
	fs.writeFileSync(casesFile, input);
const res = spawnSync(checker, [], { input, maxBuffer: 256 << 20, timeout: 300000 });
if (res.error) {
	process.stderr.write(`id-diff: ${checker}: ${res.error.message}\n`);
	process.exit(2);
}
if (res.status !== 0) {
	process.stderr.write(`id-diff: ${checker} exited ${res.status === null ? 'on ' + res.signal : res.status}\n${res.stderr}`);
	process.exit(2);
}
const answers = res.stdout.toString('latin1').split('\n');
if (answers.pop() !== '' || answers.length !== cases.length) {
	process.stderr.write(`id-diff: ${checker} printed ${answers.length} lines for ${cases.length} cases\n`);
	process.exit(2);
}

// --- compare -----------------------------------------------------------------

const NAMES = Object.fromEntries(Object.entries(E).filter(([k]) => isNaN(k)).map(([k, v]) => [v, k]));

// ibantools' verdict on value v, normalised by our rule (spaces removed)
function theirIBAN(v) {
	const norm = v.split(' ').join('');
	const full = ibantools.isValidIBAN(norm);
	const errs = ibantools.validateIBAN(norm).errorCodes;
	// the part of that verdict sepa.md asks for: without the BBAN format
	// and national checks; the checksum error ibantools adds to every
	// format error decided by sepa's canonical check digits instead
	let rest = errs.filter((e) => e !== E.WrongBBANFormat && e !== E.WrongAccountBankBranchChecksum);
	if (errs.includes(E.WrongBBANFormat)) {
		rest = rest.filter((e) => e !== E.WrongIBANChecksum);
		if (SEPA.checksumIBAN(norm.slice(0, 2) + '00' + norm.slice(4)) !== norm)
			rest.push(E.WrongIBANChecksum);
	}
	const charset = /^[A-Z0-9]*$/.test(norm);
	if (charset && full && norm !== ibantools.electronicFormatIBAN(v))
		throw new Error(`electronicFormatIBAN('${v}') is not '${norm}'`);
	return { norm, full, rule: charset && rest.length === 0,
		why: errs.map((e) => NAMES[e]).join(',') || 'valid' };
}
const CID_SHAPE = /^[A-Z]{2}[0-9]{2}[A-Z0-9]{4,31}$/;

const stats = { iban: null, creditor: null };
for (const t of ['iban', 'creditor'])
	stats[t] = { n: 0, valid: 0, invalid: 0, agree: 0, explained: 0, unexplained: 0 };
const explained = new Map();	// reason -> [cases]
const unexplained = [];

cases.forEach((c, i) => {
	const a = answers[i];
	if (a !== '0' && a !== '1') {
		process.stderr.write(`id-diff: ${checker}: line ${i + 1}: '${a}', expected 0 or 1\n`);
		process.exit(2);
	}
	const ours = a === '1', s = stats[c.type];
	let theirs, why = null, note;
	s.n++;
	if (c.type === 'iban') {
		const t = theirIBAN(c.value);
		theirs = t.full;
		note = `ibantools: ${t.why}`;
		if (ours === t.full && ours === t.rule) {
			// agree
		} else if (ours && !t.full && t.rule) {
			why = 'ibantools also checks the BBAN format or national check digits, which sepa.md does not ask for';
		} else if (!ours && t.full && notRegistryPrefix(t.norm.slice(0, 2))) {
			const cc = t.norm.slice(0, 2);
			why = cc in TERRITORY ? `not an IBAN country code of the SWIFT registry (${cc}: its IBANs start ${TERRITORY[cc]})`
				: 'not an IBAN country code of the SWIFT registry (ibantools marks it so)';
		} else {
			why = '';
			if (!ours && t.rule && !t.full)
				note += '; ibantools rejects it only for its format or national rules: sepa.md accepts it';
		}
	} else {
		theirs = SEPA.validateCreditorID(c.value);
		const shape = CID_SHAPE.test(c.value);
		// the check digits sepa itself would give (02..98)
		const canonical = shape && SEPA.checksumCreditorID(c.value.slice(0, 2) + '00' + c.value.slice(4)) === c.value;
		note = shape ? 'sepa: mod 97' : 'sepa: mod 97; the shape breaks sepa.md';
		if (ours && !canonical) {
			// mod 97 holds, but 00, 01 and 99 are never issued
			why = '';
			note += '; check digits 00, 01 or 99 are no ISO 7064 check digits';
		} else if (ours === theirs && ours === (theirs && shape)) {
			// agree
		} else if (!ours && theirs && !shape) {
			why = 'sepa.validateCreditorID checks mod 97 only, not the shape (capital letters and digits, 2 letters, 2 digits, at most 35)';
		} else if (!ours && theirs && !canonical) {
			why = 'check digits 00, 01 or 99: mod 97 = 1, which sepa.validateCreditorID takes, but no ISO 7064 check digits (02..98; sepa.checksumCreditorID never gives them)';
		} else {
			why = '';
		}
	}
	if (theirs)
		s.valid++;
	else
		s.invalid++;
	const d = { ...c, ours: ours ? 1 : 0, theirs: theirs ? 1 : 0, note };
	if (why === null) {
		s.agree++;
	} else if (why === '') {
		s.unexplained++;
		unexplained.push(d);
	} else {
		s.explained++;
		if (!explained.has(why))
			explained.set(why, []);
		explained.get(why).push(d);
	}
});

function show(d) {
	return `${d.type} '${d.value}' ours=${d.ours} theirs=${d.theirs} (${d.kind}; ${d.note})`;
}
for (const [why, list] of explained) {
	console.log(`explained (${list.length}): ${why}`);
	for (const d of showAll ? list : list.slice(0, 3))
		console.log(`  ${show(d)}`);
	if (!showAll && list.length > 3)
		console.log(`  ... and ${list.length - 3} more (--all)`);
}
for (const d of unexplained)
	console.log(`DISAGREE ${show(d)}`);
let total = 0, agree = 0, expl = 0, unexpl = 0;
for (const t of ['iban', 'creditor']) {
	const s = stats[t];
	console.log(`${t}: ${s.n} cases (${s.valid} valid, ${s.invalid} invalid by ${t === 'iban' ? 'ibantools' : 'sepa'}), ` +
		`${s.agree} agree, ${s.explained + s.unexplained} disagree (${s.explained} explained, ${s.unexplained} unexplained)`);
	total += s.n; agree += s.agree; expl += s.explained; unexpl += s.unexplained;
}
console.log(`${total} cases, ${agree} agree, ${expl + unexpl} disagree (${expl} explained, ${unexpl} unexplained)`);
// not process.exit: it would cut what is still queued for a pipe
process.exitCode = unexpl > 0 ? 1 : 0;
