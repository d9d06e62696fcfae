// Derives what GET /api/http/routers and GET /api/http/services list from Traefik's /api/rawdata
// golden file: each map entry plus `name` and `provider`, sorted by name, Go-style JSON (tabs, `&` as \u0026).
// Run from this folder: node derive-lists.mjs
import { readFileSync, writeFileSync } from 'node:fs';

const raw = JSON.parse(readFileSync('rawdata-crd.json', 'utf8'));
const go = (v) => JSON.stringify(v, null, '\t').replace(/&/g, '\\u0026');
const list = (m) => Object.keys(m).sort().map((name) => ({ ...m[name], name, provider: name.split('@')[1] }));
writeFileSync('routers.json', go(list(raw.routers)));
writeFileSync('services.json', go(list(raw.services)));
