import { computeFindings } from '../findings.ts';
import type { ArchUrls, ViewContext } from '../diagrams/context.ts';
import type { LabFactsInput } from '../lab-facts.ts';

/** The date the view tests compute ages against. */
export const TEST_NOW = new Date('2026-11-22T00:00:00Z');

/** Short, readable addresses for assertions on diagram links. */
export const TEST_URLS: ArchUrls = { entity: (id) => `/e/${id}/`, site: (s) => `/s/${s}/`, group: (g) => `/g/${g}/`, page: (p) => `/${p}` };

/** A view context over a lab alone: no drills, journals, documents or source status. */
export function labViewContext(lab: LabFactsInput['lab']): ViewContext {
  return { findings: computeFindings({ lab, drills: [], journals: [], documents: [], sources: [], now: TEST_NOW }), urls: TEST_URLS };
}
