import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { isObject, messageOf, oneLine, readDocument, safeMessage } from './facts.ts';
import type { HostRecord, Skipped } from './raw.ts';

/**
 * The saved output of `ansible all -m setup` (the `minimal` callback): one block per host,
 *
 *     web01 | SUCCESS => {          web02 | UNREACHABLE! => {       web03 | FAILED! => {
 *         "ansible_facts": {…},         "msg": "…",                    "msg": "…",
 *         …                              "unreachable": true            …
 *     }                              }                              }
 *
 * the JSON indented by 4 with its closing brace alone at column 0. Also read: the `oneline`
 * callback (`-o`: the JSON on the header line, `web02 | UNREACHABLE!: msg`), colour codes, and
 * Ansible 1.x's `web01 | success >> {`. Lines outside blocks (`Using … as config file`,
 * `[WARNING]: …`, `-vvv` chatter) are ignored.
 */
const HEADER = /^(\S+) \| (SUCCESS|CHANGED|FAILED!?|UNREACHABLE!?|success|changed|failed|unreachable)(?: (?:=>|>>) (.*)|!?: (.*))$/;
const ANSI = /\u001b\[[0-9;]*m/g;

interface OpenBlock {
  host: string;
  state: string;
  line: number;
  lines: string[];
}

export interface AdhocParser {
  /** Feeds line `n` (1-based) of the output. */
  line(text: string, n: number): void;
  /** Ends the output: a block still open was cut off. */
  end(): { records: HostRecord[]; skipped: Skipped[] };
}

export function adhocParser(file: string, mtime: string | null): AdhocParser {
  const records: HostRecord[] = [];
  const skipped: Skipped[] = [];
  let open: OpenBlock | null = null;

  const record = (b: OpenBlock, result: HostRecord['result'], extra: Partial<HostRecord>) =>
    records.push({ host: b.host, from: `${file}:${b.line}`, mtime, result, ...extra });

  /** A block's body: JSON for `=>`, plain text for `UNREACHABLE!: msg` and Ansible 1.x errors. */
  function finish(b: OpenBlock) {
    const body = b.lines.join('\n');
    const unreachable = /^unreachable/i.test(b.state);
    if (!body.trimStart().startsWith('{')) {
      record(b, unreachable ? 'unreachable' : 'failed', { message: safeMessage(body || '(no message)') });
      return;
    }
    let doc: unknown;
    try {
      doc = JSON.parse(body);
    } catch (error) {
      record(b, 'invalid', { message: `${file}:${b.line}: not valid JSON for host ${b.host} (${oneLine((error as Error).message, 120)})` });
      return;
    }
    const reading = readDocument(doc);
    // The caption decides when the JSON does not say: `FAILED!` results carry no `failed: true`.
    const caption = unreachable ? 'unreachable' : /^failed/i.test(b.state) ? 'failed' : null;
    if (reading.result === 'other' && caption && isObject(doc)) record(b, caption, { message: messageOf(doc) });
    else if (reading.result === 'other') skipped.push({ from: `${file}:${b.line}`, reason: `${b.host}: ${reading.reason}` });
    else if (reading.result === 'facts') record(b, 'facts', { facts: reading.facts });
    else record(b, caption ?? reading.result, { message: reading.message });
  }

  function cutOff(b: OpenBlock) {
    record(b, 'invalid', { message: `${file}:${b.line}: the output of host ${b.host} is cut off (no closing brace)` });
  }

  return {
    line(raw, n) {
      const text = raw.replace(ANSI, '').replace(/\r$/, '');
      const header = HEADER.exec(text);
      if (header) {
        if (open) cutOff(open);
        open = null;
        const [, host, state, json, message] = header;
        const b: OpenBlock = { host: host!, state: state!, line: n, lines: [json ?? message ?? ''] };
        // One line: the `oneline` callback, a plain-text message, or `{}`; otherwise the block runs to `}`.
        if (message !== undefined || !json!.startsWith('{') || isComplete(json!)) finish(b);
        else open = b;
        return;
      }
      if (!open) return;
      open.lines.push(text);
      if (text === '}') {
        finish(open);
        open = null;
      }
    },
    end() {
      if (open) cutOff(open);
      open = null;
      return { records, skipped };
    },
  };
}

/** `{` alone opens a block; a whole JSON object on the header line is complete. */
function isComplete(json: string): boolean {
  if (json === '{') return false;
  try {
    JSON.parse(json);
    return true;
  } catch {
    return false;
  }
}

/** The whole text at once (tests, small files). */
export function parseAdhocText(text: string, file: string, mtime: string | null = null): { records: HostRecord[]; skipped: Skipped[] } {
  const parser = adhocParser(file, mtime);
  text.split('\n').forEach((l, i) => parser.line(l, i + 1));
  return parser.end();
}

/** A saved ad-hoc output file, streamed line by line: only one host's block is held at a time. */
export async function readAdhocOutput(file: string, source: string): Promise<{ records: HostRecord[]; skipped: Skipped[] }> {
  let mtime: string;
  try {
    const info = await stat(file);
    if (!info.isFile()) throw Object.assign(new Error('not a file'), { code: 'EISDIR' });
    mtime = info.mtime.toISOString();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'does not exist' : code === 'EISDIR' ? 'is a directory (use factsDir for a directory of fact files)' : `cannot be read (${code ?? (error as Error).message})`;
    throw new Error(`ansible source ${source}: adhocOutput ${file} ${why}. Save the output with \`ansible all -m setup > FILE\`.`, { cause: error });
  }
  const parser = adhocParser(path.basename(file), mtime);
  const lines = createInterface({ input: createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity });
  let n = 0;
  for await (const line of lines) parser.line(line, ++n);
  return parser.end();
}
