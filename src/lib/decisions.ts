import path from 'node:path';
import { decisionNumber } from '../schemas/common.ts';
import { parseStatus, type Decision, type DecisionStatus } from '../schemas/decision.ts';
import { proseLines } from './titles.ts';

/** A decision in one shape, whichever format (MADR 4 or adr-tools) it was written in. */
export interface NormalizedDecision {
  /** Four-digit number from the file name (`0002-…md`), or null when the file has none. */
  number: string | null;
  status: DecisionStatus | 'unknown';
  date: Date | null;
  supersedes: string[];
  supersededBy: string[];
  format: 'madr' | 'adr-tools';
}

/** The lines of a `## Status` section of an adr-tools body, without blank lines. */
function statusSection(body: string): string[] {
  const lines: string[] = [];
  let inside = false;
  for (const line of proseLines(body)) {
    if (/^#{1,6}\s/.test(line)) {
      if (inside) break;
      inside = /^##\s+status\s*$/i.test(line.trim());
      continue;
    }
    if (inside && line.trim()) lines.push(line.trim());
  }
  return lines;
}

/** Every decision number a line links to or names: `[3. Use X](0003-use-x.md)`, `ADR-0003`. */
function referencedNumbers(line: string): string[] {
  const refs = [...line.matchAll(/\]\(([^)]*?)(\d{3,})-[^)]*\)|\[\s*(\d+)\.|adr[-\s]?(\d+)/gi)];
  return [...new Set(refs.map((m) => decisionNumber(m[2] ?? m[3] ?? m[4] ?? '')).filter((n): n is string => n !== null))];
}

/**
 * Normalises one decision. MADR keeps status and date in front matter; adr-tools writes
 * `Date: 2025-01-12` and a `## Status` section whose lines say `Supersedes [1. …](0001-….md)`.
 */
export function normalizeDecision(data: Decision, body: string, filePath: string): NormalizedDecision {
  const number = decisionNumber(path.basename(filePath).match(/^(\d+)[-_]/)?.[1] ?? '');
  const result: NormalizedDecision = {
    number,
    status: 'unknown',
    date: data.date ?? null,
    supersedes: [...data.supersedes],
    supersededBy: [],
    format: data.status !== undefined || data.date !== undefined ? 'madr' : 'adr-tools',
  };
  if (data.status) {
    const parsed = parseStatus(data.status);
    if (parsed) {
      result.status = parsed.status;
      if (parsed.supersededBy) result.supersededBy.push(parsed.supersededBy);
    }
  }
  const section = statusSection(body);
  for (const line of section) {
    if (/^superseded\s+by\b/i.test(line)) result.supersededBy.push(...referencedNumbers(line));
    else if (/^supersedes\b/i.test(line)) result.supersedes.push(...referencedNumbers(line));
  }
  if (result.status === 'unknown' && section[0]) result.status = parseStatus(section[0])?.status ?? 'unknown';
  if (result.supersededBy.length && result.status !== 'superseded' && result.format === 'adr-tools') result.status = 'superseded';
  if (!result.date) {
    const m = body.match(/^\s*Date:\s*(\d{4}-\d{2}-\d{2})\s*$/m);
    if (m) result.date = new Date(`${m[1]}T00:00:00Z`);
  }
  result.supersedes = [...new Set(result.supersedes)].sort();
  result.supersededBy = [...new Set(result.supersededBy)].sort();
  return result;
}

/**
 * Makes supersede links symmetric: if 0005 says it supersedes 0003, 0003 shows "superseded by
 * 0005" even when nobody edited 0003, and the other way round.
 */
export function linkSupersedes<T extends { decision: NormalizedDecision }>(all: T[]): T[] {
  const byNumber = new Map(all.filter((d) => d.decision.number).map((d) => [d.decision.number!, d.decision]));
  for (const { decision } of all) {
    if (!decision.number) continue;
    for (const older of decision.supersedes) {
      const target = byNumber.get(older);
      if (target && !target.supersededBy.includes(decision.number)) target.supersededBy.push(decision.number);
    }
    for (const newer of decision.supersededBy) {
      const target = byNumber.get(newer);
      if (target && !target.supersedes.includes(decision.number)) target.supersedes.push(decision.number);
    }
  }
  for (const { decision } of all) {
    decision.supersedes.sort();
    decision.supersededBy.sort();
    if (decision.supersededBy.length && (decision.status === 'accepted' || decision.status === 'unknown')) decision.status = 'superseded';
  }
  return all;
}
