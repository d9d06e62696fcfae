import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { stringify } from 'yaml';
import { pullLab } from '../../lab/pull.ts';
import { tempDir } from '../../lab/testing/server-process.ts';

/**
 * A throw-away project root for drill tests: scarbook.config.json, content/drills/, and a lab
 * graph in content/lab/ (pulled for real from the test's Docker daemon, or copied from the
 * example lab's recorded snapshots), so targets resolve the way they do in a real repository.
 */
export interface DrillRoot {
  root: string;
  contentPath: string;
  /** Writes content/drills/<id>.md with this front matter. */
  writeDrill(id: string, frontMatter: Record<string, unknown>, body?: string): string;
  remove(): void;
}

export function drillRoot(): DrillRoot {
  const tmp = tempDir('drill');
  const contentPath = path.join(tmp.dir, 'content');
  mkdirSync(path.join(contentPath, 'drills'), { recursive: true });
  mkdirSync(path.join(contentPath, 'lab'), { recursive: true });
  writeFileSync(path.join(tmp.dir, 'scarbook.config.json'), JSON.stringify({ contentDir: 'content' }));
  return {
    root: tmp.dir,
    contentPath,
    writeDrill(id, frontMatter, body = `# ${id}\n`) {
      const file = path.join(contentPath, 'drills', `${id}.md`);
      writeFileSync(file, `---\n${stringify(frontMatter)}---\n${body}`);
      return file;
    },
    remove: tmp.remove,
  };
}

/** The lab graph from a real pull of a Docker daemon: its containers become `container:<host>/<name>`. */
export async function pullDockerLab(contentPath: string, endpoint: string, host: string): Promise<void> {
  writeFileSync(path.join(contentPath, 'lab', 'sources.yaml'), stringify({ sources: [{ name: 'docker-test', type: 'docker', endpoint, host }] }));
  const result = await pullLab({ contentPath });
  if (result.failed.length) throw new Error(`pulling the test lab failed: ${JSON.stringify(result.failed)}`);
}

/** The example lab's recorded snapshots (real output, see content/lab/recorded/PROVENANCE.md). */
export function copyExampleLab(contentPath: string, from = path.join(import.meta.dirname, '../../../content/lab')): void {
  cpSync(path.join(from, 'sources'), path.join(contentPath, 'lab', 'sources'), { recursive: true });
}
