#!/usr/bin/env node
// Credentials crypto, format v1 (docs/credentials.md), in plain Node `crypto` with no dependencies.
// It is the reference the C# implementation is tested against (both directions), and the seed uses it.
//
//   envelope stored in a json field:  {"enc": "v1:<iv>:<tag>:<ciphertext>"}
//   iv = 12 random bytes, tag = 16-byte GCM tag, ciphertext = AES-256-GCM of the UTF-8 JSON text of the
//   credentials object; each part standard base64; no associated data.
//   legacy_encrypted: a json STRING value starting with "v1:" (same format, not wrapped)
//   legacy_plaintext: any other string, or an object without "enc"
//
// CLI (JSON on stdin, JSON on stdout; keys from the environment, never from arguments):
//   CREDENTIALS_ENC_KEY_B64=... node credentials-crypto.mjs encrypt  <<< '{"password":"x"}'
//   CREDENTIALS_ENC_KEY_B64=... [CREDENTIALS_ENC_PREVIOUS_KEYS_B64=k1,k2] node credentials-crypto.mjs decrypt <<< '{"enc":"v1:..."}'
//   CREDENTIALS_ENC_KEY_B64=... node credentials-crypto.mjs fingerprint
// Errors go to stderr (exit code 1) and never contain key or plaintext values.

import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const PREFIX = 'v1:';
const IV_BYTES = 12;
const TAG_BYTES = 16;
const KEY_BYTES = 32;

// Strict standard base64 (Buffer.from(..., 'base64') silently accepts garbage, so check the text first).
function strictBase64(text, what) {
  if (typeof text !== 'string' || text.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(text)) {
    throw new Error(`${what} is not standard base64`);
  }
  return Buffer.from(text, 'base64');
}

/** Decodes and validates a key: standard base64 of exactly 32 bytes. The message never contains the value. */
export function parseKey(keyB64) {
  const key = strictBase64(String(keyB64 ?? '').trim(), 'key');
  if (key.length !== KEY_BYTES) throw new Error(`key must be ${KEY_BYTES} bytes, got ${key.length}`);
  return key;
}

/** First 8 hex characters of SHA-256 of the key bytes (safe to log). */
export function keyFingerprint(keyB64) {
  return createHash('sha256').update(parseKey(keyB64)).digest('hex').slice(0, 8);
}

/** Encrypts a credentials object to the bare "v1:<iv>:<tag>:<ct>" text. */
export function encryptToV1String(obj, keyB64) {
  if (obj === null || typeof obj !== 'object' || Array.isArray(obj)) {
    throw new Error('credentials must be a JSON object');
  }
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', parseKey(keyB64), iv);
  const ct = Buffer.concat([cipher.update(JSON.stringify(obj), 'utf8'), cipher.final()]);
  const tag = cipher.getAuthTag();
  return PREFIX + [iv, tag, ct].map((b) => b.toString('base64')).join(':');
}

/** Encrypts a credentials object to the stored envelope {enc: "v1:..."}. */
export function encryptCredentials(obj, keyB64) {
  return { enc: encryptToV1String(obj, keyB64) };
}

function decryptV1String(text, keyB64s) {
  const parts = text.slice(PREFIX.length).split(':');
  if (parts.length !== 3) throw new Error('malformed v1 value: expected v1:<iv>:<tag>:<ciphertext>');
  const iv = strictBase64(parts[0], 'iv');
  const tag = strictBase64(parts[1], 'tag');
  const ct = strictBase64(parts[2], 'ciphertext');
  if (iv.length !== IV_BYTES) throw new Error(`iv must be ${IV_BYTES} bytes`);
  if (tag.length !== TAG_BYTES) throw new Error(`tag must be ${TAG_BYTES} bytes`);
  for (const keyB64 of keyB64s) {
    const decipher = createDecipheriv('aes-256-gcm', parseKey(keyB64), iv, { authTagLength: TAG_BYTES });
    decipher.setAuthTag(tag);
    let plain;
    try {
      plain = Buffer.concat([decipher.update(ct), decipher.final()]).toString('utf8');
    } catch {
      continue; // authentication failed: wrong key (or tampered data); try the next key
    }
    return JSON.parse(plain);
  }
  throw new Error(`cannot decrypt: none of the ${keyB64s.length} key(s) matches (or the value was tampered with)`);
}

/**
 * Reads a stored credentials value (the json field as parsed JSON).
 * Returns {credentials, format} with format one of:
 *   "v1"               {enc: "v1:..."} envelope
 *   "legacy_encrypted" a string starting with "v1:"
 *   "legacy_plaintext" any other string (a string holding JSON object text gives that object, otherwise the
 *                      string itself), or an object without "enc"
 *   "none"             null / undefined (credentials: null)
 * keyB64s: current key first, then previous keys (tried in order).
 */
export function decryptValue(value, keyB64s) {
  const keys = (Array.isArray(keyB64s) ? keyB64s : [keyB64s]).filter((k) => k);
  if (value === null || value === undefined) return { credentials: null, format: 'none' };
  if (typeof value === 'string') {
    if (value.startsWith(PREFIX)) return { credentials: decryptV1String(value, keys), format: 'legacy_encrypted' };
    let parsed;
    try { parsed = JSON.parse(value); } catch { /* a bare string */ }
    const isObject = parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed);
    return { credentials: isObject ? parsed : value, format: 'legacy_plaintext' };
  }
  if (typeof value === 'object' && !Array.isArray(value)) {
    if (!('enc' in value)) return { credentials: value, format: 'legacy_plaintext' };
    if (typeof value.enc !== 'string' || !value.enc.startsWith(PREFIX)) {
      throw new Error('unsupported envelope: "enc" must be a string starting with "v1:"');
    }
    return { credentials: decryptV1String(value.enc, keys), format: 'v1' };
  }
  throw new Error(`unsupported credentials value of type ${Array.isArray(value) ? 'array' : typeof value}`);
}

// ---- CLI ---------------------------------------------------------------------------------------------------
async function readStdin() {
  const chunks = [];
  for await (const chunk of process.stdin) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8');
}

async function main(argv) {
  const command = argv[0];
  const key = process.env.CREDENTIALS_ENC_KEY_B64;
  if (!['encrypt', 'decrypt', 'fingerprint'].includes(command)) {
    throw new Error('usage: credentials-crypto.mjs encrypt|decrypt|fingerprint  (JSON on stdin, key in CREDENTIALS_ENC_KEY_B64)');
  }
  if (!key) throw new Error('CREDENTIALS_ENC_KEY_B64 is not set');
  if (command === 'fingerprint') {
    process.stdout.write(keyFingerprint(key) + '\n');
    return;
  }
  let input;
  try { input = JSON.parse(await readStdin()); } catch { throw new Error('stdin is not valid JSON'); }
  if (command === 'encrypt') {
    process.stdout.write(JSON.stringify(encryptCredentials(input, key)) + '\n');
  } else {
    const previous = (process.env.CREDENTIALS_ENC_PREVIOUS_KEYS_B64 ?? '').split(',').map((k) => k.trim()).filter(Boolean);
    process.stdout.write(JSON.stringify(decryptValue(input, [key, ...previous])) + '\n');
  }
}

const invokedDirectly = process.argv[1] && realpathSync(process.argv[1]) === realpathSync(fileURLToPath(import.meta.url));
if (invokedDirectly) {
  main(process.argv.slice(2)).catch((err) => {
    process.stderr.write(`credentials-crypto: ${err.message}\n`);
    process.exit(1);
  });
}
