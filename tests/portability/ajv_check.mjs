// Judges records, patterns and IRIs with ajv, as a JavaScript project validates records:
// Ajv2020 in strict mode, ajv-formats, and an "iri" format (ajv-formats has none).
//
//   node ajv_check.mjs NODE_MODULES < job.json > verdicts.json
//
// job.json:      {"schema": bundle, "records": [...], "patterns": {"p": ["s", ...]}, "iris": [...]}
// verdicts.json: {"records": [{"valid": bool, "errors": [...]}], "patterns": {"p": [bool]},
//                 "iris": [bool]}
// Compiling the bundle throws on anything strict mode rejects; the exit code is then 1.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { resolve } from "node:path";

const require = createRequire(`${resolve(process.argv[2])}/`);
const Ajv2020 = require("ajv/dist/2020").default;
const addFormats = require("ajv-formats").default;
const { fullFormats } = require("ajv-formats/dist/formats");

// RFC 3987's grammar, as a regular expression in Unicode mode. ucschar may stand wherever
// a URI allows unreserved characters; iprivate in the query only.
const ucschar =
  "\\u{a0}-\\u{d7ff}\\u{f900}-\\u{fdcf}\\u{fdf0}-\\u{ffef}" +
  Array.from({ length: 13 }, (_, i) => (i + 1).toString(16))
    .map((plane) => `\\u{${plane}0000}-\\u{${plane}fffd}`)
    .join("") +
  "\\u{e1000}-\\u{efffd}";
const iprivate = "\\u{e000}-\\u{f8ff}\\u{f0000}-\\u{ffffd}\\u{100000}-\\u{10fffd}";
const pct = "%[0-9A-Fa-f]{2}";
const ipchar = `(?:[A-Za-z0-9\\-._~!$&'()*+,;=:@${ucschar}]|${pct})`;
const regName = `(?:[A-Za-z0-9\\-._~!$&'()*+,;=${ucschar}]|${pct})*`;
const userinfo = `(?:[A-Za-z0-9\\-._~!$&'()*+,;=:${ucschar}]|${pct})*`;
const ipLiteral = "\\[(?<ip>[^\\]]*)\\]";
const authority = `(?:${userinfo}@)?(?:${ipLiteral}|${regName})(?::[0-9]*)?`;
const hierPart =
  `(?://${authority}(?:/${ipchar}*)*` +
  `|/(?:${ipchar}+(?:/${ipchar}*)*)?` +
  `|${ipchar}+(?:/${ipchar}*)*` +
  ")?";
const query = `(?:\\?(?:${ipchar}|[/?${iprivate}])*)?`;
const fragment = `(?:#(?:${ipchar}|[/?])*)?`;
const IRI = new RegExp(`^[A-Za-z][A-Za-z0-9+\\-.]*:${hierPart}${query}${fragment}$`, "u");
const IPV_FUTURE = /^[Vv][0-9A-Fa-f]+\.[A-Za-z0-9\-._~!$&'()*+,;=:]+$/u;

function iri(text) {
  const match = IRI.exec(text);
  if (match === null) return false;
  const ip = match.groups.ip;
  return ip === undefined || fullFormats.ipv6.test(ip) || IPV_FUTURE.test(ip);
}

const job = JSON.parse(readFileSync(0, "utf8"));
const ajv = new Ajv2020({ strict: true, allErrors: true });
addFormats(ajv);
ajv.addFormat("iri", iri);

const verdicts = { records: [], patterns: {}, iris: [] };
if (job.schema !== undefined) {
  const validate = ajv.compile(job.schema);
  for (const record of job.records ?? []) {
    const valid = validate(record);
    const errors = (validate.errors ?? []).map((e) => `${e.instancePath} ${e.keyword}: ${e.message}`);
    verdicts.records.push({ valid, errors });
  }
}
for (const [pattern, strings] of Object.entries(job.patterns ?? {})) {
  // As ajv compiles a pattern (its unicodeRegExp option is on by default).
  const regexp = new RegExp(pattern, "u");
  verdicts.patterns[pattern] = strings.map((text) => regexp.test(text));
}
const isIri = ajv.compile({ type: "string", format: "iri" });
verdicts.iris = (job.iris ?? []).map((text) => isIri(text));
process.stdout.write(JSON.stringify(verdicts));
