/**
 * Compose stacks a synthetic Docker host runs, modelled on what labs really run: a monitoring
 * stack on every host, then applications with their databases. Names, images, ports and mounts
 * follow the projects' own compose files, so parse sees what it would see on a real daemon.
 */
export interface ServiceSpec {
  service: string;
  image: string;
  tag: string;
  /** Published `host:container` ports (tcp). */
  ports?: [number, number][];
  /** Named volumes: `[name suffix, mount path]`. */
  volumes?: [string, string][];
  /** Bind mounts: `[host path under /srv/<project>, mount path]`. */
  binds?: [string, string][];
  dependsOn?: string[];
  /** Environment entries; values naming another service are how Docker shows a dependency. */
  env?: string[];
  command?: string[];
  health?: boolean;
}

export interface StackSpec {
  project: string;
  services: ServiceSpec[];
}

export const MONITORING: StackSpec = {
  project: 'monitoring',
  services: [
    { service: 'node-exporter', image: 'quay.io/prometheus/node-exporter', tag: 'v1.8.2', ports: [[9100, 9100]], binds: [['/', '/host']], command: ['--path.rootfs=/host'] },
    { service: 'cadvisor', image: 'gcr.io/cadvisor/cadvisor', tag: 'v0.49.1', ports: [[8080, 8080]], binds: [['/var/run', '/var/run'], ['/sys', '/sys']] },
  ],
};

export const STACKS: StackSpec[] = [
  {
    project: 'web',
    services: [
      { service: 'nginx', image: 'nginx', tag: '1.27-alpine', ports: [[80, 80], [443, 443]], binds: [['conf.d', '/etc/nginx/conf.d']], dependsOn: ['app'] },
      { service: 'app', image: 'ghcr.io/example/shop', tag: '4.12.0', ports: [[8000, 8000]], env: ['DATABASE_HOST=postgres', 'REDIS_URL=redis://redis:6379/0', 'LOG_LEVEL=info'], dependsOn: ['postgres', 'redis'], health: true },
      { service: 'postgres', image: 'postgres', tag: '16.4', volumes: [['pgdata', '/var/lib/postgresql/data']], env: ['POSTGRES_DB=shop', 'POSTGRES_USER=shop'], health: true },
      { service: 'redis', image: 'redis', tag: '7.4-alpine', volumes: [['redis', '/data']] },
    ],
  },
  {
    project: 'gitea',
    services: [
      { service: 'server', image: 'gitea/gitea', tag: '1.22.3', ports: [[3000, 3000], [2222, 22]], volumes: [['data', '/data']], env: ['GITEA__database__HOST=db:5432', 'GITEA__database__DB_TYPE=postgres'], dependsOn: ['db'] },
      { service: 'db', image: 'postgres', tag: '15.8', volumes: [['db', '/var/lib/postgresql/data']] },
    ],
  },
  {
    project: 'nextcloud',
    services: [
      { service: 'app', image: 'nextcloud', tag: '29.0.7-apache', ports: [[8081, 80]], binds: [['data', '/var/www/html/data']], env: ['MYSQL_HOST=mariadb', 'REDIS_HOST=redis'], dependsOn: ['mariadb', 'redis'] },
      { service: 'mariadb', image: 'mariadb', tag: '11.4', volumes: [['db', '/var/lib/mysql']], health: true },
      { service: 'redis', image: 'redis', tag: '7.4-alpine' },
      { service: 'cron', image: 'nextcloud', tag: '29.0.7-apache', binds: [['data', '/var/www/html/data']], command: ['/cron.sh'], dependsOn: ['app'] },
    ],
  },
  {
    project: 'observability',
    services: [
      { service: 'grafana', image: 'grafana/grafana', tag: '11.2.2', ports: [[3001, 3000]], volumes: [['grafana', '/var/lib/grafana']], env: ['GF_DATABASE_HOST=postgres:5432'] },
      { service: 'loki', image: 'grafana/loki', tag: '3.2.0', ports: [[3100, 3100]], volumes: [['loki', '/loki']] },
      { service: 'promtail', image: 'grafana/promtail', tag: '3.2.0', binds: [['/var/log', '/var/log']], env: ['LOKI_URL=http://loki:3100/loki/api/v1/push'], dependsOn: ['loki'] },
    ],
  },
  {
    project: 'storage',
    services: [{ service: 'minio', image: 'quay.io/minio/minio', tag: 'RELEASE.2024-10-13T13-34-11Z', ports: [[9000, 9000], [9001, 9001]], volumes: [['data', '/data']], command: ['server', '/data', '--console-address', ':9001'], health: true }],
  },
  {
    project: 'dns',
    services: [{ service: 'pihole', image: 'pihole/pihole', tag: '2024.07.0', ports: [[53, 53], [8053, 80]], volumes: [['etc', '/etc/pihole']], health: true }],
  },
  {
    project: 'home',
    services: [
      { service: 'homeassistant', image: 'ghcr.io/home-assistant/home-assistant', tag: '2024.10.1', ports: [[8123, 8123]], binds: [['config', '/config']], dependsOn: ['mosquitto'] },
      { service: 'mosquitto', image: 'eclipse-mosquitto', tag: '2.0.19', ports: [[1883, 1883]], volumes: [['data', '/mosquitto/data']] },
      { service: 'zigbee2mqtt', image: 'koenkk/zigbee2mqtt', tag: '1.40.2', binds: [['z2m', '/app/data']], env: ['ZIGBEE2MQTT_CONFIG_MQTT_SERVER=mqtt://mosquitto:1883'], dependsOn: ['mosquitto'] },
    ],
  },
  {
    project: 'vault',
    services: [{ service: 'vault', image: 'hashicorp/vault', tag: '1.17.6', ports: [[8200, 8200]], volumes: [['file', '/vault/file']], command: ['server'] }],
  },
  {
    project: 'proxy',
    services: [{ service: 'traefik', image: 'traefik', tag: 'v3.1.6', ports: [[8443, 443], [8082, 8080]], binds: [['/var/run/docker.sock', '/var/run/docker.sock'], ['acme', '/acme']] }],
  },
  {
    project: 'queue',
    services: [
      { service: 'rabbitmq', image: 'rabbitmq', tag: '3.13-management', ports: [[5672, 5672], [15672, 15672]], volumes: [['data', '/var/lib/rabbitmq']], health: true },
      { service: 'worker', image: 'ghcr.io/example/worker', tag: '2.3.1', env: ['AMQP_URL=amqp://rabbitmq:5672'], dependsOn: ['rabbitmq'] },
    ],
  },
];
