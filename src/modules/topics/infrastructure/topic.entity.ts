import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

@Entity('topics')
export class TopicEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'organization_id', type: 'uuid' }) organizationId: string;
  @Column() name: string;
  @Column() description: string;
  @Column({ type: 'text', array: true }) keywords: string[];
  @Column({ type: 'text', array: true }) examples: string[];
  @Column({ name: 'zendesk_tags', type: 'text', array: true }) zendeskTags: string[];
  @Column({ name: 'no_assist' }) noAssist: boolean;
  // The examples reps added, a subset of `examples`.
  @Column({ name: 'rep_examples', type: 'text', array: true }) repExamples: string[];
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}
