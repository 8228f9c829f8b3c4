// cookie-signature 1.2.2, the signer express-session uses, driven with JSON for the signing-at-volume test.
//
// Usage: node sign.mjs <in.json> <out.json>
//   in:  {"sign":[{"value":…,"secret":…}], "unsign":[{"signed":…,"secret":…}]}
//   out: {"signed":[sign(value, secret)…], "unsigned":[unsign(signed, secret) (the value, or false)…]}
import { readFileSync, writeFileSync } from 'node:fs';
import signature from 'cookie-signature';

const [input, output] = process.argv.slice(2);
if (!input || !output) {
  console.error('usage: node sign.mjs <in.json> <out.json>');
  process.exit(2);
}
const request = JSON.parse(readFileSync(input, 'utf8'));
const result = {
  signed: (request.sign ?? []).map(({ value, secret }) => signature.sign(value, secret)),
  unsigned: (request.unsign ?? []).map(({ signed, secret }) => signature.unsign(signed, secret)),
};
writeFileSync(output, JSON.stringify(result), 'utf8');
