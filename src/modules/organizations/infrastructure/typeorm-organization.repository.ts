import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { Organization, OrganizationSettings } from '../domain/organization';
import { NewOrganization, OrganizationRepository, OrganizationSecrets } from '../application/ports/organization.repository';
import { OrganizationEntity } from './organization.entity';

@Injectable()
export class TypeormOrganizationRepository extends OrganizationRepository {
  constructor(@InjectRepository(OrganizationEntity) private readonly rows: Repository<OrganizationEntity>) {
    super();
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

  async findSecrets(id: string): Promise<OrganizationSecrets | null> {
    const row = await this.rows.findOne({ where: { id }, select: ['zendeskApiTokenSealed', 'webhookSigningSecretSealed'] });
    return row && { zendeskApiTokenSealed: row.zendeskApiTokenSealed, webhookSigningSecretSealed: row.webhookSigningSecretSealed };
  }

  async updateSettings(id: string, changes: Partial<OrganizationSettings>): Promise<Organization | null> {
    if (Object.keys(changes).length > 0) await this.rows.update({ id }, changes);
    return this.findById(id);
  }
}

function toOrganization(row: OrganizationEntity): Organization {
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
    },
  };
}
