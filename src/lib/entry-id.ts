/**
 * The id (and URL path) of a content file from its path inside its collection folder:
 * `dns/DNS Outage.md` → `dns/dns-outage`. The loader, the link rewriter and the link checker
 * all use this one rule, so a link that checks is a link that works.
 */
export function entryId(relativePath: string): string {
  return relativePath
    .replace(/\\/g, '/')
    .replace(/\.(md|mdx)$/i, '')
    .split('/')
    .map((segment) =>
      segment
        .toLowerCase()
        .replace(/\s+/g, '-')
        .replace(/[^a-z0-9._-]/g, '')
        .replace(/^\.+/, ''),
    )
    .filter(Boolean)
    .join('/');
}
