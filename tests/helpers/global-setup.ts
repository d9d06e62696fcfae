import { rmSync } from 'node:fs';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { BUILDS_DIR, buildSite, ROOT } from './build-site.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    exampleDist: string;
    exampleBuildMs: number;
  }
}

/** The example lab is built once per test run; the build test and the browser tests share it. */
export default async function setup(project: TestProject) {
  // Builds of the previous run (kept for inspecting a failure until now) would pile up otherwise.
  rmSync(BUILDS_DIR, { recursive: true, force: true });
  const site = await buildSite(path.join(ROOT, 'content'), { name: 'example' });
  project.provide('exampleDist', site.dist);
  project.provide('exampleBuildMs', site.ms);
}
