/** The drills of content/drills that the example lab can run on one machine, in the order they run. */
export const EXAMPLE_DRILLS = ['kill-pihole', 'crash-nextcloud-behind-caddy', 'restore-nextcloud-data'] as const;
