/** Site-relative URL with the configured base (`/docs/` when served under a prefix). */
export function href(path: string): string {
  const base = import.meta.env.BASE_URL.replace(/\/$/, '');
  return `${base}/${path.replace(/^\//, '')}`;
}

export type Section = 'runbooks' | 'decisions' | 'drills' | 'incidents';

/** URL of a content page: `/runbooks/dns/dns-outage/`. */
export function entryUrl(section: Section, id: string): string {
  return href(`${section}/${id}/`);
}

export function tagUrl(tag: string): string {
  return href(`tags/${encodeURIComponent(tag)}/`);
}
