import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

// The shared eval's own scripts, run as they are: the reference BM25 (`bm25-baseline.mjs`, which resolves
// MiniSearch from this project's node_modules) and the scorer (`score.js`). They sit beside the dataset folders.

const PROJECT_ROOT = resolve(__dirname, '..', '..');

export type ScoreGroup = Record<string, number | null>;

// score.js --json, overall: retrieval_on_answerable, stay_quiet, end_to_end.
export type Scores = Record<'retrieval_on_answerable' | 'stay_quiet' | 'end_to_end', ScoreGroup>;

export function runReferenceBaseline(datasetDir: string, predictionsFile: string, options: { history: boolean }): void {
  const script = sharedEvalFile(datasetDir, 'bm25-baseline.mjs');
  execFileSync(process.execPath, [script, resolve(datasetDir), resolve(predictionsFile), ...(options.history ? ['--history'] : [])], {
    cwd: PROJECT_ROOT,
    stdio: 'pipe',
  });
}

export function scorePredictions(datasetDir: string, predictionsFile: string): Scores {
  const scorer = sharedEvalFile(datasetDir, 'score.js');
  const output = execFileSync(process.execPath, [scorer, resolve(predictionsFile), join(resolve(datasetDir), 'tickets.jsonl'), '--json'], { encoding: 'utf8' });
  return JSON.parse(output).overall as Scores;
}

function sharedEvalFile(datasetDir: string, name: string): string {
  const candidates = [join(datasetDir, name), join(dirname(resolve(datasetDir)), name)];
  const found = candidates.find((file) => existsSync(file));
  if (!found) throw new Error(`No ${name} in ${candidates.join(' or ')}`);
  return found;
}
