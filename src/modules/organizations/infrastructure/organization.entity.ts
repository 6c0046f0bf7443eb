import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { TicketStatus } from '../../zendesk/domain/ticket';
import { NoAssistMatching, NoteLanguage } from '../domain/organization';

@Entity('organizations')
export class OrganizationEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column() name: string;
  @Column({ name: 'zendesk_base_url' }) zendeskBaseUrl: string;
  @Column({ name: 'zendesk_email' }) zendeskEmail: string;
  @Column({ name: 'zendesk_api_token_encrypted' }) zendeskApiTokenSealed: string;
  @Column({ name: 'webhook_signing_secret_encrypted' }) webhookSigningSecretSealed: string;
  @Column({ name: 'assist_enabled' }) assistEnabled: boolean;
  @Column({ name: 'respond_only_with_potential_answers' }) respondOnlyWithPotentialAnswers: boolean;
  @Column({ name: 'handoff_tag' }) handoffTag: string;
  @Column({ name: 'dedupe_window_hours', type: 'integer' }) dedupeWindowHours: number;
  @Column({ name: 'sign_off' }) signOff: string;
  @Column({ name: 'help_center_sync_minutes', type: 'integer' }) helpCenterSyncMinutes: number;
  @Column({ name: 'actionable_statuses', type: 'text', array: true }) actionableStatuses: TicketStatus[];
  @Column({ name: 'note_language', type: 'text' }) noteLanguage: NoteLanguage;
  @Column({ name: 'guide_write_back' }) guideWriteBack: boolean;
  @Column({ name: 'zendesk_requests_per_minute', type: 'integer' }) zendeskRequestsPerMinute: number;
  @Column({ name: 'no_assist_matching', type: 'text' }) noAssistMatching: NoAssistMatching;
  @Column({ name: 'question_retention_days', type: 'integer' }) questionRetentionDays: number;
  @Column({ name: 'macros_enabled' }) macrosEnabled: boolean;
  @Column({ name: 'macros_include_restricted' }) macrosIncludeRestricted: boolean;
  @Column({ name: 'solved_tickets_enabled' }) solvedTicketsEnabled: boolean;
  @Column({ name: 'solved_tickets_lookback_days', type: 'integer' }) solvedTicketsLookbackDays: number;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}
