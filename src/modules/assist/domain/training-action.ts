// What a rep did on a suggestion's training page. Kept per suggestion: the page shows it as history.
export type TrainingActionKind =
  | 'rated'
  | 'answer_corrected'
  | 'article_fixed'
  | 'topic_reassigned'
  | 'topic_example_added'
  | 'topic_marked_no_assist';

export const DRAFT_RATINGS = ['good', 'needs_work'] as const;
export type DraftRating = (typeof DRAFT_RATINGS)[number];

export interface TrainingActionRecord {
  organizationId: string;
  suggestionId: string;
  kind: TrainingActionKind;
  rating?: DraftRating;
  comment?: string;
  // What changed: the training answer's id, the article's id and title, the topic's id and name.
  details: Record<string, string>;
}

export interface TrainingAction extends TrainingActionRecord {
  id: string;
  at: Date;
}
