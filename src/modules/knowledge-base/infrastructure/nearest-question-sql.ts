// The look-ups shared by the tables holding a question with its answer (training answers, solved tickets): each
// keeps the question's lexemes (`question_terms`, in `question_ts_config`) and its vector (`embedding`, with
// `embedding_model`), per organization.
export interface QuestionTable {
  name: string;
  // The columns a look-up returns, as the repository reads them.
  columns: string;
  // Of two rows equally near, the newer: this column, newest first.
  newest: string;
  // A further condition on the rows compared (its parameters numbered by the caller), or none.
  only?: string;
}

// The text-search configuration most of the organization's knowledge base uses ($1): a question's lexemes are
// kept in it, so their document frequencies weigh them.
export const ORGANIZATION_TS_CONFIG = `coalesce((SELECT ts_config FROM kb_corpus_stats WHERE organization_id = $1 ORDER BY chunk_count DESC LIMIT 1), 'english'::regconfig)`;

// The most rows compared exactly with a ticket's question: the newest of those sharing one of its rarest
// lexemes with it.
const RAREST_LEXEMES = 8;
const LEXICAL_CANDIDATES = 500;

const rowsOf = (table: QuestionTable) => `organization_id = $1${table.only ? ` AND ${table.only}` : ''}`;

// The organization is $1 in both. The nearest by embedding always gives one row: its columns are null when the
// organization has none embedded by this model.
export function nearestByEmbeddingSql(table: QuestionTable, model: string, embedding: string): string {
  return `SELECT nearest.*, EXISTS (SELECT 1 FROM ${table.name} WHERE organization_id = $1 AND embedding_model <> ${model}) AS other_models
         FROM (SELECT 1) one
         LEFT JOIN LATERAL (
           SELECT ${table.columns}, 1 - (embedding <=> ${embedding}::vector) AS similarity
             FROM ${table.name}
            WHERE ${rowsOf(table)} AND embedding_model = ${model}
            ORDER BY embedding <=> ${embedding}::vector, ${table.newest} DESC LIMIT 1
         ) nearest ON true`;
}

// TF-IDF cosine of the two questions' lexemes (each row's in the configuration it was saved in), weighted by the
// knowledge base's document frequencies; a word the knowledge base lacks weighs most. Compared exactly: the
// newest rows sharing one of the question's rarest lexemes, found through the lexeme index. No row when none
// shares a word with the question.
export function lexicallyNearestSql(table: QuestionTable, question: string): string {
  return `WITH corpus AS (
         SELECT greatest((SELECT sum(chunk_count) FROM kb_corpus_stats WHERE organization_id = $1), 1)::float8 AS n
       ), asked AS (
         SELECT c.cfg, u.lexeme, 1 + ln(coalesce(array_length(u.positions, 1), 1)) AS tf
           FROM (SELECT DISTINCT question_ts_config AS cfg FROM ${table.name} WHERE ${rowsOf(table)}) c
           CROSS JOIN LATERAL unnest(to_tsvector(c.cfg, ${question})) u
       ), rarest AS (
         -- The question's rarest lexemes in the knowledge base: a similar question shares some of them.
         SELECT cfg, array_agg(lexeme) AS lexemes FROM (
           SELECT q.cfg, q.lexeme, row_number() OVER (
                    PARTITION BY q.cfg
                    ORDER BY coalesce((SELECT t.chunk_count FROM kb_term_stats t WHERE t.organization_id = $1 AND t.lexeme = q.lexeme), 0), q.lexeme
                  ) AS rank
             FROM asked q
         ) ranked WHERE rank <= ${RAREST_LEXEMES} GROUP BY cfg
       ), candidates AS (
         SELECT a.id, r.cfg, a.question_terms
           FROM rarest r
           CROSS JOIN LATERAL (
             SELECT id, question_terms FROM ${table.name}
              WHERE ${rowsOf(table)} AND question_ts_config = r.cfg AND tsvector_to_array(question_terms) && r.lexemes
              ORDER BY ${table.newest} DESC LIMIT ${LEXICAL_CANDIDATES}
           ) a
       ), saved AS (
         SELECT c.id, c.cfg, u.lexeme, 1 + ln(coalesce(array_length(u.positions, 1), 1)) AS tf
           FROM candidates c CROSS JOIN LATERAL unnest(c.question_terms) u
       ), idf AS (
         SELECT l.lexeme, ln(1 + corpus.n / (1 + coalesce(
                  (SELECT t.chunk_count FROM kb_term_stats t WHERE t.organization_id = $1 AND t.lexeme = l.lexeme), 0))) AS idf
           FROM (SELECT lexeme FROM asked UNION SELECT lexeme FROM saved) l CROSS JOIN corpus
       ), saved_weights AS (
         SELECT s.id, s.cfg, s.lexeme, s.tf * i.idf AS w FROM saved s JOIN idf i USING (lexeme)
       ), asked_weights AS (
         SELECT q.cfg, q.lexeme, q.tf * i.idf AS w FROM asked q JOIN idf i USING (lexeme)
       ), norms AS (
         SELECT id, sqrt(sum(w * w)) AS norm FROM saved_weights GROUP BY id
       ), asked_norms AS (
         SELECT cfg, sqrt(sum(w * w)) AS norm FROM asked_weights GROUP BY cfg
       ), scored AS (
         SELECT s.id, sum(s.w * q.w) / min(n.norm) / min(m.norm) AS similarity
           FROM saved_weights s
           JOIN asked_weights q ON q.cfg = s.cfg AND q.lexeme = s.lexeme
           JOIN norms n ON n.id = s.id
           JOIN asked_norms m ON m.cfg = s.cfg
          GROUP BY s.id
       )
       SELECT ${table.columns}, scored.similarity
         FROM scored JOIN ${table.name} USING (id)
        ORDER BY scored.similarity DESC, ${table.newest} DESC LIMIT 1`;
}

// Both look-ups in one statement (one round trip a drafted ticket): a row for each, told apart by `found_by`.
// The organization is $1, the question $2, the model $3, the vector $4.
export function nearestByWordsAndEmbeddingSql(table: QuestionTable): string {
  return `SELECT 'words' AS found_by, lexical.*, false AS other_models FROM (${lexicallyNearestSql(table, '$2')}) lexical
       UNION ALL
       SELECT 'embedding', nearest.* FROM (${nearestByEmbeddingSql(table, '$3', '$4')}) nearest`;
}
