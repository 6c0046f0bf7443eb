import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { CachedRows, RowCache } from '../../../shared/database/cached-rows';
import { DatabaseLocation } from '../../../shared/database/database.module';
import { queryPreparedOnPool } from '../../../shared/database/prepared-statement';
import { exactTimestamp, Page, PageRequest, toPage } from '../../../shared/pagination/page';
import { AuditAction, AuditChanges, AuditEntry, profileChanges, SecretField, settingChanges } from '../domain/admin-audit';
import { Organization, OrganizationSettings } from '../domain/organization';
import { NewOrganization, OrganizationRepository, OrganizationSecrets, ProfileUpdate } from '../application/ports/organization.repository';
import { recordAudit } from './audit-log';
import { OrganizationEntity } from './organization.entity';

// What an organization is read as: every column but the last update's time.
type OrganizationRow = Omit<OrganizationEntity, 'updatedAt'>;

interface AuditRow {
  id: string;
  organization_id: string;
  actor: string;
  action: AuditEntry['action'];
  changes: AuditEntry['changes'];
  created_at: Date;
  page_at: string;
}

type WithSecrets = { organization: Organization; secrets: OrganizationSecrets };

@Injectable()
export class TypeormOrganizationRepository extends OrganizationRepository {
  // Read on every ticket; kept until the database says the row changed (see CachedRows).
  private readonly forRun: RowCache<WithSecrets>;

  constructor(
    @InjectRepository(OrganizationEntity) private readonly rows: Repository<OrganizationEntity>,
    private readonly location: DatabaseLocation,
    cachedRows: CachedRows,
  ) {
    super();
    this.forRun = cachedRows.cache('organizations');
  }

  async create(organization: NewOrganization): Promise<Organization> {
    const saved = await this.rows.save(this.rows.create(organization));
    // Reload so column defaults (settings) come from the database, not from guesses here.
    return toOrganization(await this.rows.findOneByOrFail({ id: saved.id }));
  }

  async findById(id: string): Promise<Organization | null> {
    const row = await this.rows.findOneBy({ id });
    return row && toOrganization(row);
  }

  async list({ limit, after }: PageRequest): Promise<Page<Organization>> {
    const query = this.rows
      .createQueryBuilder('o')
      .addSelect(exactTimestamp('o.created_at'), 'page_at')
      .orderBy('o.created_at', 'DESC')
      .addOrderBy('o.id', 'DESC')
      .limit(limit + 1);
    if (after) query.where('(o.created_at, o.id) < (CAST(:at AS timestamptz), CAST(:id AS uuid))', after);
    const { entities, raw } = await query.getRawAndEntities<{ page_at: string; o_id: string }>();
    const keys = new Map(raw.map((r) => [r.o_id, r.page_at]));
    return toPage(entities, limit, (row) => ({ at: keys.get(row.id)!, id: row.id }), toOrganization);
  }

  async findSecrets(id: string): Promise<OrganizationSecrets | null> {
    const row = await this.rows.findOne({ where: { id }, select: ['zendeskApiTokenSealed', 'webhookSigningSecretSealed'] });
    return row && { zendeskApiTokenSealed: row.zendeskApiTokenSealed, webhookSigningSecretSealed: row.webhookSigningSecretSealed };
  }

  findWithSecrets(id: string): Promise<WithSecrets | null> {
    return this.forRun.read(id, () => this.readWithSecrets(id));
  }

  // Read at the start of a ticket's run when not cached: prepared, planned once per connection, its columns named
  // and read under the entity's property names (no mapping through TypeORM's query builder and its transformer).
  private async readWithSecrets(id: string): Promise<WithSecrets | null> {
    const [row] = await queryPreparedOnPool<OrganizationRow[]>(
      this.rows.manager.connection,
      this.location,
      `SELECT id, name, zendesk_base_url AS "zendeskBaseUrl", zendesk_email AS "zendeskEmail",
              zendesk_api_token_encrypted AS "zendeskApiTokenSealed", webhook_signing_secret_encrypted AS "webhookSigningSecretSealed",
              assist_enabled AS "assistEnabled", respond_only_with_potential_answers AS "respondOnlyWithPotentialAnswers",
              handoff_tag AS "handoffTag", dedupe_window_hours AS "dedupeWindowHours", sign_off AS "signOff",
              help_center_sync_minutes AS "helpCenterSyncMinutes", actionable_statuses AS "actionableStatuses",
              note_language AS "noteLanguage", guide_write_back AS "guideWriteBack",
              zendesk_requests_per_minute AS "zendeskRequestsPerMinute", no_assist_matching AS "noAssistMatching",
              question_retention_days AS "questionRetentionDays", macros_enabled AS "macrosEnabled",
              macros_include_restricted AS "macrosIncludeRestricted", solved_tickets_enabled AS "solvedTicketsEnabled",
              solved_tickets_lookback_days AS "solvedTicketsLookbackDays", created_at AS "createdAt"
         FROM organizations WHERE id = $1`,
      [id],
    );
    return row ? { organization: toOrganization(row), secrets: { zendeskApiTokenSealed: row.zendeskApiTokenSealed, webhookSigningSecretSealed: row.webhookSigningSecretSealed } } : null;
  }

  // The row is locked while old and new are compared, so two concurrent changes are audited in order.
  async updateSettings(id: string, changes: Partial<OrganizationSettings>, actor: string): Promise<Organization | null> {
    return this.forRun.forgetAfter(id, () => this.rows.manager.transaction(async (manager) => {
      const before = await manager.findOne(OrganizationEntity, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!before) return null;
      const audited = settingChanges(toOrganization(before).settings, changes);
      if (Object.keys(audited).length === 0) return toOrganization(before);
      await manager.update(OrganizationEntity, { id }, Object.fromEntries(Object.keys(audited).map((key) => [key, audited[key].to])));
      await recordAudit(manager, id, actor, 'settings.updated', audited);
      return toOrganization(await manager.findOneByOrFail(OrganizationEntity, { id }));
    }));
  }

  async updateProfile(id: string, update: ProfileUpdate, actor: string): Promise<Organization | null> {
    return this.forRun.forgetAfter(id, () => this.rows.manager.transaction(async (manager) => {
      const before = await manager.findOne(OrganizationEntity, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!before) return null;
      const rotated: SecretField[] = [];
      if (update.zendeskApiTokenSealed) rotated.push('zendesk.apiToken');
      if (update.webhookSigningSecretSealed) rotated.push('webhookSigningSecret');
      const audited = profileChanges(before, update, rotated);
      if (Object.keys(audited).length === 0) return toOrganization(before);
      await manager.update(OrganizationEntity, { id }, Object.fromEntries(Object.entries(update).filter(([, value]) => value !== undefined)));
      await recordAudit(manager, id, actor, 'organization.updated', audited);
      return toOrganization(await manager.findOneByOrFail(OrganizationEntity, { id }));
    }));
  }

  async delete(id: string): Promise<boolean> {
    return this.forRun.forgetAfter(id, () => this.rows.manager.transaction(async (manager) => {
      // Chunks and article postings go first, on their own: their delete triggers remove kb_postings (which have
      // no foreign key to cascade along) and update the BM25 statistics, which inside the cascade would be written
      // for an organization already gone (a foreign key violation).
      await manager.query(`DELETE FROM kb_chunks WHERE organization_id = $1`, [id]);
      await manager.query(`DELETE FROM kb_article_postings WHERE organization_id = $1`, [id]);
      // Every other table of the organization cascades from this row.
      const [, deleted]: [unknown, number] = await manager.query(`DELETE FROM organizations WHERE id = $1`, [id]);
      return deleted === 1;
    }));
  }

  async listAudit(organizationId: string, { limit, after }: PageRequest): Promise<Page<AuditEntry>> {
    const rows: AuditRow[] = await this.rows.manager.query(
      `SELECT *, ${exactTimestamp('created_at')} AS page_at FROM admin_audit_log
        WHERE organization_id = $1 AND ($2::timestamptz IS NULL OR (created_at, id) < ($2::timestamptz, $3::uuid))
        ORDER BY created_at DESC, id DESC LIMIT $4`,
      [organizationId, after?.at ?? null, after?.id ?? null, limit + 1],
    );
    return toPage(rows, limit, (row) => ({ at: row.page_at, id: row.id }), toAuditEntry);
  }

  async recordAudit(organizationId: string, actor: string, action: AuditAction, changes: AuditChanges): Promise<void> {
    await recordAudit(this.rows.manager, organizationId, actor, action, changes);
  }
}

function toOrganization(row: OrganizationRow): Organization {
  return {
    id: row.id,
    name: row.name,
    zendeskBaseUrl: row.zendeskBaseUrl,
    zendeskEmail: row.zendeskEmail,
    createdAt: row.createdAt,
    settings: {
      assistEnabled: row.assistEnabled,
      respondOnlyWithPotentialAnswers: row.respondOnlyWithPotentialAnswers,
      handoffTag: row.handoffTag,
      dedupeWindowHours: row.dedupeWindowHours,
      signOff: row.signOff,
      helpCenterSyncMinutes: row.helpCenterSyncMinutes,
      actionableStatuses: row.actionableStatuses,
      noteLanguage: row.noteLanguage,
      guideWriteBack: row.guideWriteBack,
      zendeskRequestsPerMinute: row.zendeskRequestsPerMinute,
      noAssistMatching: row.noAssistMatching,
      questionRetentionDays: row.questionRetentionDays,
      macrosEnabled: row.macrosEnabled,
      macrosIncludeRestricted: row.macrosIncludeRestricted,
      solvedTicketsEnabled: row.solvedTicketsEnabled,
      solvedTicketsLookbackDays: row.solvedTicketsLookbackDays,
    },
  };
}

function toAuditEntry(row: AuditRow): AuditEntry {
  return {
    id: row.id,
    organizationId: row.organization_id,
    actor: row.actor,
    action: row.action,
    changes: row.changes,
    at: row.created_at,
  };
}
