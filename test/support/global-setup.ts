import { withAdmin, TEST_POSTGRES_ADMIN_URL } from './test-database';

// Fails fast, with the fix, when the machine's PostgreSQL or its pgvector extension is missing.
export default async function globalSetup(): Promise<void> {
  try {
    const rows = await withAdmin((admin) => admin.query(`SELECT 1 FROM pg_available_extensions WHERE name = 'vector'`));
    if (rows.rowCount === 0) {
      throw new Error(`pgvector is not installed in the PostgreSQL at ${TEST_POSTGRES_ADMIN_URL}: run .ci/install-pgvector.sh`);
    }
  } catch (error) {
    throw new Error(`Tests need PostgreSQL with pgvector at ${TEST_POSTGRES_ADMIN_URL}: ${(error as Error).message}`);
  }
}
