// pg-boss's statement texts, which its own typings do not declare: what JobQueue prepares.
declare module 'pg-boss/src/plans' {
  export function fetchNextJob(schema: string): (options: { includeMetadata?: boolean }) => string;
  export function completeJobs(schema: string): string;
}
