import { InitialSchema1764000000000 } from './1764000000000-initial-schema';
import { HelpCenterKnowledge1764100000000 } from './1764100000000-help-center-knowledge';
import { ImpactOrderedPostings1764200000000 } from './1764200000000-impact-ordered-postings';
import { SyncRunJob1764300000000 } from './1764300000000-sync-run-job';
import { ChunkLanguage1764400000000 } from './1764400000000-chunk-language';
import { TopicExamples1764500000000 } from './1764500000000-topic-examples';
import { AdminApiKeys1764600000000 } from './1764600000000-admin-api-keys';
import { Explain1764700000000 } from './1764700000000-explain';
import { TrainingAnswers1764800000000 } from './1764800000000-training-answers';
import { SuggestionFeedback1764900000000 } from './1764900000000-suggestion-feedback';
import { GuideWriteBack1765000000000 } from './1765000000000-guide-write-back';
import { TrainingActions1765100000000 } from './1765100000000-training-actions';
import { TrainingAnswerTerms1765200000000 } from './1765200000000-training-answer-terms';
import { ZendeskCitizen1765340000000 } from './1765340000000-zendesk-citizen';
import { ArticleFieldPostings1765400000000 } from './1765400000000-article-field-postings';
import { DecisionQuestions1765500000000 } from './1765500000000-decision-questions';
import { RepTopicExamples1765600000000 } from './1765600000000-rep-topic-examples';
import { NoAssistMatching1765700000000 } from './1765700000000-no-assist-matching';
import { SyncRunPages1765800000000 } from './1765800000000-sync-run-pages';
import { CachedRowNotifications1766842713000 } from './1766842713000-cached-row-notifications';
import { DeferredTextIndexes1766847213905 } from './1766847213905-deferred-text-indexes';
import { ArticlePostingsCascadeTrigger1766847219311 } from './1766847219311-article-postings-cascade-trigger';
import { MacrosAndSolvedTicketsSettings1766900412000 } from './1766900412000-macros-and-solved-tickets-settings';
import { SolvedTickets1766900731000 } from './1766900731000-solved-tickets';
import { MacroKnowledge1766903587211 } from './1766903587211-macro-knowledge';

// Listed explicitly so the same array works from TypeScript (tests) and compiled JavaScript (start).
export const migrations = [InitialSchema1764000000000, HelpCenterKnowledge1764100000000, ImpactOrderedPostings1764200000000, SyncRunJob1764300000000, ChunkLanguage1764400000000, TopicExamples1764500000000, AdminApiKeys1764600000000, Explain1764700000000, TrainingAnswers1764800000000, SuggestionFeedback1764900000000, GuideWriteBack1765000000000, TrainingActions1765100000000, TrainingAnswerTerms1765200000000, ZendeskCitizen1765340000000, ArticleFieldPostings1765400000000, DecisionQuestions1765500000000, RepTopicExamples1765600000000, NoAssistMatching1765700000000, SyncRunPages1765800000000, CachedRowNotifications1766842713000, DeferredTextIndexes1766847213905, ArticlePostingsCascadeTrigger1766847219311, MacrosAndSolvedTicketsSettings1766900412000, SolvedTickets1766900731000, MacroKnowledge1766903587211];
