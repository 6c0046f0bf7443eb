import { InitialSchema1764000000000 } from './1764000000000-initial-schema';

// Listed explicitly so the same array works from TypeScript (tests) and compiled JavaScript (start).
export const migrations = [InitialSchema1764000000000];
